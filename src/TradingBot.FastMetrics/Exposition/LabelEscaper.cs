using System;
using System.Text;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>Escapes label values and help text for the text formats.</summary>
/// <remarks>
/// Label values escape backslash, double quote and line feed; help text escapes backslash and line feed,
/// and OpenMetrics escapes the double quote in help as well.
/// See https://github.com/prometheus/docs/blob/main/content/docs/instrumenting/exposition_formats.md#text-format-details.
/// Text is encoded as UTF-8; an unpaired surrogate, which UTF-8 cannot carry, becomes U+FFFD. Label values
/// arrive already in that form (a family stores them normalised, see <c>Metrics.LabelValueText</c>), so two
/// series never encode to the same label bytes.
/// </remarks>
internal static class LabelEscaper
{
    /// <summary>Appends <paramref name="value"/> to <paramref name="builder"/>, escaped for a label value.</summary>
    public static void AppendLabelValue(StringBuilder builder, string value) => Append(builder, value, escapeQuote: true);

    /// <summary>Appends <paramref name="help"/> to <paramref name="builder"/>, escaped for a HELP line.</summary>
    public static void AppendHelp(StringBuilder builder, string help, ExpositionFormat format) =>
        Append(builder, help, escapeQuote: format == ExpositionFormat.OpenMetrics);

    /// <summary>Returns <c>name="value",...</c> for a series' labels, UTF-8 encoded (empty for none).</summary>
    public static byte[] EncodeLabelPairs(ReadOnlySpan<string> names, ReadOnlySpan<string> values, bool isOverflow)
    {
        var builder = new StringBuilder();
        if (isOverflow)
        {
            // The overflow series carries only the marker: its other label values are unknown.
            builder.Append("fastmetrics_overflow=\"true\"");
        }
        else
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                builder.Append(names[i]).Append("=\"");
                AppendLabelValue(builder, values[i]);
                builder.Append('"');
            }
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void Append(StringBuilder builder, string text, bool escapeQuote)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '"' when escapeQuote:
                    builder.Append("\\\"");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }
}
