using System;
using System.Text;
using TradingBot.FastMetrics.Metrics.Exemplars;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>Writes an exemplar after an OpenMetrics sample: <c> # {name="value",...} value timestamp</c>.</summary>
/// <remarks>
/// See https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md#exemplars. Only
/// counters' <c>_total</c> and histograms' <c>_bucket</c> samples carry one; the text format 0.0.4 has no
/// exemplars. The timestamp is Unix seconds with milliseconds.
/// </remarks>
internal static class ExemplarText
{
    private const int MaxChars = ExemplarOptions.MaxLabelSetLength;

    /// <summary>Writes slot <paramref name="slot"/> of <paramref name="store"/>, if it holds an exemplar, before the line's newline.</summary>
    public static void Write(ref PrometheusTextWriter writer, ExemplarStore? store, int slot)
    {
        if (store is null || slot >= store.SlotCount)
        {
            return;
        }

        ExemplarOptions options = store.Options;
        Span<char> chars = stackalloc char[MaxChars];
        Span<int> lengths = stackalloc int[4];
        chars = chars[..store.CharCapacity];
        lengths = lengths[..options.SlotCount];
        if (!store.TryRead(slot, chars, lengths, out double value, out long unixTicks))
        {
            return;
        }

        writer.Write(" # {"u8);
        string[] names = options.LabelNameArray;
        for (int i = 0; i < names.Length; i++)
        {
            if (i > 0)
            {
                writer.Write((byte)',');
            }

            WriteLabel(ref writer, names[i], chars.Slice(i * options.MaxValueLength, lengths[i]));
        }

        if (options.IncludeTraceContext && lengths[names.Length] > 0)
        {
            int offset = names.Length * options.MaxValueLength;
            writer.Write((byte)',');
            WriteLabel(ref writer, "trace_id", chars.Slice(offset, lengths[names.Length]));
            writer.Write((byte)',');
            WriteLabel(ref writer, "span_id", chars.Slice(offset + ExemplarOptions.TraceIdLength, lengths[names.Length + 1]));
        }

        writer.Write("} "u8);
        writer.WriteDouble(value, openMetrics: true);
        writer.Write((byte)' ');
        long millis = unixTicks / TimeSpan.TicksPerMillisecond;
        writer.WriteLong(millis / 1000);
        writer.Write((byte)'.');
        long fraction = millis % 1000;
        writer.Write((byte)('0' + (fraction / 100)));
        writer.Write((byte)('0' + (fraction / 10 % 10)));
        writer.Write((byte)('0' + (fraction % 10)));
    }

    private static void WriteLabel(ref PrometheusTextWriter writer, string name, scoped ReadOnlySpan<char> value)
    {
        Span<byte> bytes = stackalloc byte[MaxChars * 3];
        int length = Encoding.UTF8.GetBytes(name, bytes);
        writer.Write(bytes[..length]);
        writer.Write("=\""u8);
        length = Encoding.UTF8.GetBytes(value, bytes);

        // Backslash, quote and line feed are ASCII, never inside a multi-byte UTF-8 sequence.
        foreach (byte b in bytes[..length])
        {
            switch (b)
            {
                case (byte)'\\':
                    writer.Write(@"\\"u8);
                    break;
                case (byte)'"':
                    writer.Write("\\\""u8);
                    break;
                case (byte)'\n':
                    writer.Write(@"\n"u8);
                    break;
                default:
                    writer.Write(b);
                    break;
            }
        }

        writer.Write((byte)'"');
    }
}
