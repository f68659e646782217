using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;
using TradingBot.FastMetrics.Exposition;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Exposition;

/// <summary>Our formatter against a table Go printed (see GoldenFloats/README.md), byte for byte.</summary>
public sealed class Utf8NumberFormatterGoldenTests
{
    // The generator writes about 204,000 rows; fewer means the table was cut short or not embedded.
    private const int MinimumRows = 200_000;

    private static readonly Lazy<List<(ulong Bits, byte[] Go)>> s_rows = new(Load);

    [Fact]
    public void FormatDouble_EveryGoldenRow_EqualsGoFormatFloat()
    {
        List<(ulong Bits, byte[] Go)> rows = s_rows.Value;
        Assert.True(rows.Count >= MinimumRows, $"only {rows.Count} golden rows");
        Span<byte> buffer = stackalloc byte[Utf8NumberFormatter.MaxDoubleLength];
        var mismatches = new StringBuilder();
        int failed = 0;
        foreach ((ulong bits, byte[] go) in rows)
        {
            int n = Utf8NumberFormatter.FormatDouble(BitConverter.UInt64BitsToDouble(bits), buffer);
            if (!buffer[..n].SequenceEqual(go) && failed++ < 20)
            {
                mismatches.Append(CultureInfo.InvariantCulture, $"{bits:x16}: Go {Encoding.ASCII.GetString(go)}, ours {Encoding.ASCII.GetString(buffer[..n])}\n");
            }
        }

        Assert.True(failed == 0, $"{failed} of {rows.Count} rows differ from Go:\n{mismatches}");
    }

    [Fact]
    public void FormatDouble_OpenMetrics_EveryGoldenRow_IsGoPlusPointZeroOnWholeNumbers()
    {
        List<(ulong Bits, byte[] Go)> rows = s_rows.Value;
        Assert.True(rows.Count >= MinimumRows, $"only {rows.Count} golden rows");
        Span<byte> buffer = stackalloc byte[Utf8NumberFormatter.MaxDoubleLength];
        int failed = 0;
        string first = string.Empty;
        foreach ((ulong bits, byte[] go) in rows)
        {
            // OpenMetrics' canonical number: Go's text, plus ".0" when it has neither point nor exponent.
            bool whole = go.AsSpan().IndexOfAny(".eIN"u8) < 0;
            byte[] expected = whole ? [.. go, (byte)'.', (byte)'0'] : go;
            int n = Utf8NumberFormatter.FormatDouble(BitConverter.UInt64BitsToDouble(bits), buffer, openMetrics: true);
            if (!buffer[..n].SequenceEqual(expected) && failed++ == 0)
            {
                first = $"{bits:x16}: expected {Encoding.ASCII.GetString(expected)}, ours {Encoding.ASCII.GetString(buffer[..n])}";
            }
        }

        Assert.True(failed == 0, $"{failed} rows differ; first: {first}");
    }

    [Fact]
    public void GoldenTable_CoversTheIssueCases()
    {
        // 2^-958 and 2^-25, where .NET 10's "R" reads back as a neighbour; a 17-digit value in [1e-4, 1e-3)
        // that overflowed the old 20-byte digit buffer; the third bound of Buckets.Linear(0.0001, 0.0001, 10).
        var byBits = new Dictionary<ulong, string>();
        foreach ((ulong bits, byte[] go) in s_rows.Value)
        {
            byBits[bits] = Encoding.ASCII.GetString(go);
        }

        Assert.Equal("4.1045368012983762e-289", byBits[BitConverter.DoubleToUInt64Bits(Math.ScaleB(1, -958))]);
        Assert.Equal("2.9802322387695312e-08", byBits[BitConverter.DoubleToUInt64Bits(Math.ScaleB(1, -25))]);
        Assert.Equal("0.00012345678901234567", byBits[BitConverter.DoubleToUInt64Bits(0.00012345678901234567)]);
        Assert.Equal("0.00030000000000000003", byBits[BitConverter.DoubleToUInt64Bits(0.0001 + 0.0001 + 0.0001)]);
    }

    private static List<(ulong Bits, byte[] Go)> Load()
    {
        using Stream resource = typeof(Utf8NumberFormatterGoldenTests).Assembly.GetManifestResourceStream("golden-floats.txt.gz")
            ?? throw new InvalidOperationException("golden-floats.txt.gz is not embedded");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.ASCII);
        var rows = new List<(ulong, byte[])>(210_000);
        while (reader.ReadLine() is { } line)
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            rows.Add((ulong.Parse(line.AsSpan(0, space), NumberStyles.HexNumber, CultureInfo.InvariantCulture), Encoding.ASCII.GetBytes(line[(space + 1)..])));
        }

        return rows;
    }
}
