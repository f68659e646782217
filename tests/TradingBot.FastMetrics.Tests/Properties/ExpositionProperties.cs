using System;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Exposition;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Properties;

public sealed partial class ExpositionProperties
{
    [Property(MaxTest = 500, Arbitrary = [typeof(Arbitraries)])]
    public bool LabelValue_AnyUnicode_RoundTripsThroughScrape(string value)
    {
        var registry = new MetricRegistry();
        registry.CreateGaugeFamily("g", "G.", ["v", "w"]).WithLabels(value, "end\"\\").Set(1);

        foreach (ExpositionFormat format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
        {
            ParsedSample sample = Assert.Single(ExpositionParser.Parse(Scrape.Text(registry, format)));
            if (sample.Label("v") != value || sample.Label("w") != "end\"\\")
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 2000, Arbitrary = [typeof(Arbitraries)])]
    public bool Double_AnyValue_RoundTripsExactly(double value)
    {
        foreach (bool openMetrics in new[] { false, true })
        {
            double parsed = ExpositionParser.ParseValue(Utf8NumberFormatterTests.Format(value, openMetrics));
            if (BitConverter.DoubleToInt64Bits(parsed) != BitConverter.DoubleToInt64Bits(value) && !(double.IsNaN(parsed) && double.IsNaN(value)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 2000, Arbitrary = [typeof(Arbitraries)])]
    public bool Double_Formatted_IsGoShortestGShape(double value)
    {
        string text = Utf8NumberFormatterTests.Format(value, openMetrics: false);

        // No trailing zeros in a fraction, exponents signed with at least two digits, no uppercase E.
        return GoFloat().IsMatch(text);
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool MetricName_Validation_MatchesRegex(NameCandidate candidate) =>
        MetricNameValidator.IsValidMetricName(candidate.Text) == MetricNameRule().IsMatch(candidate.Text);

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool LabelName_Validation_MatchesRegex(NameCandidate candidate) =>
        MetricNameValidator.IsValidLabelName(candidate.Text) == LabelNameRule().IsMatch(candidate.Text);

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*\z")]
    private static partial Regex MetricNameRule();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*\z")]
    private static partial Regex LabelNameRule();

    [GeneratedRegex(@"^(NaN|\+Inf|-Inf|-?[0-9](\.[0-9]*[1-9])?e[+-][0-9]{2,3}|-?[0-9]+(\.[0-9]*[1-9])?)\z")]
    private static partial Regex GoFloat();

    public sealed record NameCandidate(string Text);

    public static class Arbitraries
    {
        // Valid UTF-16 only: an unpaired surrogate cannot be carried by UTF-8 at all.
        public static Arbitrary<string> Strings() =>
            Gen.OneOf(
                    ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
                    Gen.Elements("\\", "\"", "\n", "\\n", "😀", "é", "\u2028", "", " ", "{", "}", ",", "=").ArrayOf().Select(parts => string.Concat(parts)))
                .Where(s => s is not null && IsValidUtf16(s))
                .ToArbitrary();

        // Mixes special values, random bit patterns and ordinary magnitudes.
        public static Arbitrary<double> Doubles() =>
            Gen.OneOf(
                    Gen.Elements(0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, double.MinValue, 1e6, 1e-5, 1e21, 0.1),
                    ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble),
                    ArbMap.Default.GeneratorFor<double>())
                .ToArbitrary();

        public static Arbitrary<NameCandidate> Names() =>
            Gen.Elements('a', 'z', 'A', 'Z', '_', ':', '0', '9', '-', ' ', 'é', '.', '\n')
                .ArrayOf()
                .Select(chars => new NameCandidate(new string(chars)))
                .ToArbitrary();

        private static bool IsValidUtf16(string s)
        {
            try
            {
                _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(s);
                return true;
            }
            catch (EncoderFallbackException)
            {
                return false;
            }
        }
    }
}
