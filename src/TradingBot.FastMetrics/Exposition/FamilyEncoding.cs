using System;
using System.Text;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>A family's constant bytes in one format: HELP/TYPE lines, sample names and <c>le</c> labels.</summary>
/// <remarks>Built once per family and format, on the first scrape that sees the family (<see cref="FamilyCache"/>), then only copied.</remarks>
internal sealed class FamilyEncoding
{
    private FamilyEncoding(byte[] header, byte[] sample, byte[] bucket, byte[] sum, byte[] count, byte[][] le)
    {
        Header = header;
        Sample = sample;
        Bucket = bucket;
        Sum = sum;
        Count = count;
        Le = le;
    }

    /// <summary>The <c># HELP</c> and <c># TYPE</c> lines.</summary>
    public byte[] Header { get; }

    /// <summary>The sample name of a counter, gauge or info series.</summary>
    public byte[] Sample { get; }

    /// <summary>The <c>_bucket</c> sample name of a histogram.</summary>
    public byte[] Bucket { get; }

    /// <summary>The <c>_sum</c> sample name of a histogram.</summary>
    public byte[] Sum { get; }

    /// <summary>The <c>_count</c> sample name of a histogram.</summary>
    public byte[] Count { get; }

    /// <summary>One <c>le="..."</c> label per bucket, <c>+Inf</c> last.</summary>
    public byte[][] Le { get; }

    /// <summary>Encodes <paramref name="family"/>'s constant bytes in <paramref name="format"/>.</summary>
    public static FamilyEncoding Create(MetricFamily family, ExpositionFormat format)
    {
        bool om = format == ExpositionFormat.OpenMetrics;
        string name = family.Name;
        string familyName = name;
        string sample = name;
        string type = family.Type switch
        {
            MetricType.Counter => "counter",
            MetricType.Histogram => "histogram",
            MetricType.Info when om => "info",
            _ => "gauge",
        };

        if (om && family.Type == MetricType.Counter)
        {
            // OpenMetrics names the counter family without _total and its sample with it.
            familyName = name.EndsWith("_total", StringComparison.Ordinal) ? name[..^"_total".Length] : name;
            sample = familyName + "_total";
        }
        else if (om && family.Type == MetricType.Info)
        {
            familyName = name[..^"_info".Length];
        }

        var header = new StringBuilder();
        header.Append("# HELP ").Append(familyName).Append(' ');
        LabelEscaper.AppendHelp(header, family.Help, format);
        header.Append("\n# TYPE ").Append(familyName).Append(' ').Append(type).Append('\n');

        byte[][] le = [];
        if (family.Bounds is { } bounds)
        {
            le = new byte[bounds.Count + 1][];
            Span<byte> number = stackalloc byte[Utf8NumberFormatter.MaxDoubleLength];
            for (int i = 0; i < bounds.Count; i++)
            {
                int n = Utf8NumberFormatter.FormatDouble(bounds.Values[i], number, om);
                le[i] = [.. "le=\""u8, .. number[..n], (byte)'"'];
            }

            le[^1] = "le=\"+Inf\""u8.ToArray();
        }

        return new FamilyEncoding(
            Encoding.UTF8.GetBytes(header.ToString()),
            Encoding.UTF8.GetBytes(sample),
            Encoding.UTF8.GetBytes(name + "_bucket"),
            Encoding.UTF8.GetBytes(name + "_sum"),
            Encoding.UTF8.GetBytes(name + "_count"),
            le);
    }
}
