using System;
using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Tests.Properties;

/// <summary>Two label values are one series exactly when they export as the same bytes, for any UTF-16 text.</summary>
public sealed class LabelIdentityProperties
{
    [Property(MaxTest = 3000, Arbitrary = [typeof(Arbitraries)])]
    public bool WithLabels_AnyUtf16Pair_SameSeriesIffSameExportedBytes(ValuePair pair)
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> family = registry.CreateCounterFamily("c_total", "C.", ["v"]);
        Counter a = family.WithLabels(pair.First);
        Counter b = family.WithLabels(pair.Second);
        a.Inc();
        b.Inc(2);

        byte[] firstBytes = Reference(pair.First);
        byte[] secondBytes = Reference(pair.Second);
        bool sameBytes = firstBytes.AsSpan().SequenceEqual(secondBytes);
        string expected = sameBytes
            ? Line(firstBytes, "3")
            : Line(firstBytes, "1") + Line(secondBytes, "2");

        // The same series iff the same bytes, a second look-up of either raw value finds it again, and the
        // scrape carries each distinct label value once, spelled as the reference encoder spells it.
        return ReferenceEquals(a, b) == sameBytes
            && ReferenceEquals(family.WithLabels(pair.First), a)
            && ReferenceEquals(family.WithLabels([pair.Second]), b)
            && Scrape(registry).AsSpan().EndsWith(Encoding.UTF8.GetBytes(expected));
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(Arbitraries)])]
    public bool RemoveLabels_RawValue_RemovesTheSeriesItFinds(ValuePair pair)
    {
        var registry = new MetricRegistry();
        MetricFamily<Gauge> family = registry.CreateGaugeFamily("g", "G.", ["v", "w"]);
        Gauge created = family.WithLabels(pair.First, "x");
        bool sameBytes = Reference(pair.First).AsSpan().SequenceEqual(Reference(pair.Second));
        return family.RemoveLabels(pair.Second, "x") == sameBytes
            && family.SeriesCount == (sameBytes ? 0 : 1)
            && !ReferenceEquals(family.WithLabels(pair.First, "x"), created) == sameBytes;
    }

    // A naive reference of the exported label value: escape backslash, quote and line feed, then UTF-8 with
    // U+FFFD for anything UTF-8 cannot carry, char by char.
    private static byte[] Reference(string value)
    {
        var bytes = new System.Collections.Generic.List<byte>();
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            string text = c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                _ when char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) => value.Substring(i++, 2),
                _ when char.IsSurrogate(c) => "\uFFFD",
                _ => c.ToString(),
            };
            bytes.AddRange(Encoding.UTF8.GetBytes(text));
        }

        return [.. bytes];
    }

    private static string Line(byte[] label, string value) => "c_total{v=\"" + Encoding.UTF8.GetString(label) + "\"} " + value + "\n";

    private static byte[] Scrape(MetricRegistry registry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new RegistryExposition(registry).WriteTo(buffer, ExpositionFormat.PrometheusText);
        return buffer.WrittenSpan.ToArray();
    }

    public sealed record ValuePair(string First, string Second)
    {
        public override string ToString() => $"({Escape(First)}, {Escape(Second)})";

        private static string Escape(string s)
        {
            var builder = new StringBuilder();
            foreach (char c in s)
            {
                builder.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
            }

            return builder.ToString();
        }
    }

    public static class Arbitraries
    {
        // Lone and paired surrogates, U+FFFD itself, the escaped characters and plain text; the second value
        // is often the first with its surrogates and U+FFFD swapped among each other, so equal bytes from
        // different strings come up all the time, not by luck.
        private static readonly char[] s_alphabet =
            ['a', 'Z', '\\', '"', '\n', 'n', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00', '\uFFFD', 'é', '\u0000'];

        private static readonly char[] s_swaps = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFD', '\uD83D', '\uDE00'];

        public static Arbitrary<ValuePair> Pairs()
        {
            Gen<string> text = Gen.Elements(s_alphabet).ArrayOf().Select(chars => new string(chars));
            Gen<string> anyString = ArbMap.Default.GeneratorFor<string>().Where(s => s is not null);
            Gen<string> first = Gen.OneOf(text, text, anyString);
            return first.SelectMany(a => Gen.OneOf(
                        Gen.Constant(a),
                        text,
                        Gen.Elements(s_swaps).ArrayOf(a.Length).Select(swaps => Swap(a, swaps)))
                    .Select(b => new ValuePair(a, b)))
                .ToArbitrary();
        }

        private static string Swap(string value, char[] swaps)
        {
            char[] chars = value.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (char.IsSurrogate(chars[i]) || chars[i] == '\uFFFD')
                {
                    chars[i] = swaps[i];
                }
            }

            return new string(chars);
        }
    }
}
