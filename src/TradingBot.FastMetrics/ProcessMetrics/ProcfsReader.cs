using System;
using System.Buffers.Text;
using System.Globalization;
using System.IO;

namespace TradingBot.FastMetrics.ProcessMetrics;

/// <summary>Reads this process's figures from Linux /proc into one reused buffer, without allocating.</summary>
/// <remarks>
/// Layouts from proc(5), https://man7.org/linux/man-pages/man5/proc.5.html: <c>/proc/self/stat</c> fields 14-15
/// (utime, stime, in clock ticks), 23 (vsize, bytes) and 24 (rss, pages); <c>/proc/self/limits</c> "Max open files"
/// (soft limit); <c>/proc/self/fd</c> has one entry per open descriptor. Clock ticks are USER_HZ, 100 on every
/// Linux ABI .NET runs on (client_golang's procfs assumes the same). Not thread-safe: the collector serialises calls.
/// </remarks>
internal sealed class ProcfsReader
{
    private const double TicksPerSecond = 100;

    private readonly byte[] _buffer = new byte[8192];

    public static bool IsSupported => OperatingSystem.IsLinux() && File.Exists("/proc/self/stat");

    private static ReadOnlySpan<byte> MaxOpenFiles => "Max open files"u8;

    private static byte[] StatPath { get; } = "/proc/self/stat\0"u8.ToArray();

    private static byte[] LimitsPath { get; } = "/proc/self/limits\0"u8.ToArray();

    private static byte[] FdPath { get; } = "/proc/self/fd\0"u8.ToArray();

    /// <summary>Reads CPU seconds, virtual and resident bytes from <c>/proc/self/stat</c>.</summary>
    public bool TryReadStat(out double cpuSeconds, out double virtualBytes, out double residentBytes)
    {
        cpuSeconds = virtualBytes = residentBytes = 0;
        int length = ReadFile(StatPath);
        if (length <= 0)
        {
            return false;
        }

        // The command name in parentheses may contain spaces and ')': fields resume after the last ')'.
        ReadOnlySpan<byte> text = _buffer.AsSpan(0, length);
        int close = text.LastIndexOf((byte)')');
        if (close < 0)
        {
            return false;
        }

        text = text[(close + 1)..];

        // Field 3 (state) is token 0 here, so field n is token n - 3.
        long utime = 0, stime = 0, vsize = 0, rss = 0;
        int token = 0;
        foreach (Range range in text.Trim((byte)' ').Split((byte)' '))
        {
            ReadOnlySpan<byte> field = text.Trim((byte)' ')[range];
            switch (token)
            {
                case 11: _ = Utf8Parser.TryParse(field, out utime, out _); break;
                case 12: _ = Utf8Parser.TryParse(field, out stime, out _); break;
                case 20: _ = Utf8Parser.TryParse(field, out vsize, out _); break;
                case 21: _ = Utf8Parser.TryParse(field, out rss, out _); break;
            }

            if (++token > 21)
            {
                break;
            }
        }

        cpuSeconds = (utime + stime) / TicksPerSecond;
        virtualBytes = vsize;
        residentBytes = (double)rss * Environment.SystemPageSize;
        return token > 21;
    }

    /// <summary>Reads the soft limit on open descriptors from <c>/proc/self/limits</c>.</summary>
    public bool TryReadMaxFds(out double maxFds)
    {
        maxFds = 0;
        int length = ReadFile(LimitsPath);
        ReadOnlySpan<byte> text = _buffer.AsSpan(0, Math.Max(length, 0));
        int at = text.IndexOf(MaxOpenFiles);
        if (at < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = text[(at + MaxOpenFiles.Length)..].TrimStart((byte)' ');
        if (rest.StartsWith("unlimited"u8))
        {
            maxFds = double.PositiveInfinity;
            return true;
        }

        bool parsed = Utf8Parser.TryParse(rest, out long value, out _);
        maxFds = value;
        return parsed;
    }

    /// <summary>Counts the entries of <c>/proc/self/fd</c>, leaving out the descriptor used to read it.</summary>
    public bool TryCountOpenFds(out double openFds)
    {
        openFds = 0;
        int fd = NativeMethods.Open(FdPath, NativeMethods.ReadOnly | NativeMethods.Directory);
        if (fd < 0)
        {
            return false;
        }

        long count = 0;
        try
        {
            nint read;
            while ((read = NativeMethods.GetDirectoryEntries(fd, _buffer, _buffer.Length)) > 0)
            {
                // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name (NUL-terminated).
                for (int offset = 0; offset < read;)
                {
                    int recordLength = _buffer[offset + 16] | (_buffer[offset + 17] << 8);
                    ReadOnlySpan<byte> name = _buffer.AsSpan(offset + 19, recordLength - 19);
                    if (name[0] != (byte)'.')
                    {
                        count++;
                    }

                    offset += recordLength;
                }
            }
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }

        openFds = count - 1;
        return true;
    }

    /// <summary>Returns the process start time in seconds since the Unix epoch, from the boot time and field 22 of stat.</summary>
    /// <remarks>Read once at registration, so it may allocate.</remarks>
    public static bool TryReadStartTime(out double unixSeconds)
    {
        unixSeconds = 0;
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long bootTime = 0;
        foreach (string line in File.ReadLines("/proc/stat"))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal))
            {
                bootTime = long.Parse(line.AsSpan(6), CultureInfo.InvariantCulture);
                break;
            }
        }

        if (bootTime == 0 || fields.Length < 20 || !long.TryParse(fields[19], CultureInfo.InvariantCulture, out long startTicks))
        {
            return false;
        }

        unixSeconds = bootTime + (startTicks / TicksPerSecond);
        return true;
    }

    private int ReadFile(byte[] path)
    {
        int fd = NativeMethods.Open(path, NativeMethods.ReadOnly);
        if (fd < 0)
        {
            return -1;
        }

        try
        {
            // One read: procfs renders these small files whole into a buffer this size (seq_file semantics).
            return (int)NativeMethods.Read(fd, _buffer, _buffer.Length);
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }
}
