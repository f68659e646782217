using System.Runtime.InteropServices;

namespace TradingBot.FastMetrics.ProcessMetrics;

/// <summary>The few libc calls the Linux /proc reader needs; byte-array arguments are pinned, not copied, so calls allocate nothing.</summary>
internal static class NativeMethods
{
    public const int ReadOnly = 0;

    // O_DIRECTORY on x86-64 and Arm64 Linux.
    public const int Directory = 0x10000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Open(byte[] nullTerminatedPath, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern nint GetDirectoryEntries(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Close(int fd);
}
