using System;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class MetricRegistryTests
{
    [Fact]
    public void Create_SameDefinitionTwice_ReturnsSameSeries()
    {
        var registry = new MetricRegistry();
        Assert.Same(registry.CreateCounter("a_total", "A."), registry.CreateCounter("a_total", "A."));
        Assert.Same(registry.CreateHistogram("h", "H.", [1, 2]), registry.CreateHistogram("h", "H.", [1, 2]));
        Assert.Same(
            registry.CreateGaugeFamily("g", "G.", ["x"]),
            registry.CreateGaugeFamily("g", "G.", ["x"]));
    }

    [Theory]
    [InlineData("type")]
    [InlineData("label set")]
    [InlineData("help text")]
    [InlineData("bucket set")]
    public void Create_SameNameDifferentDefinition_ThrowsNamingDifference(string difference)
    {
        var registry = new MetricRegistry();
        registry.CreateHistogramFamily("m", "Help.", ["a"], [1, 2]);

        Action act = difference switch
        {
            "type" => () => registry.CreateCounterFamily("m", "Help.", ["a"]),
            "label set" => () => registry.CreateHistogramFamily("m", "Help.", ["b"], [1, 2]),
            "help text" => () => registry.CreateHistogramFamily("m", "Other.", ["a"], [1, 2]),
            _ => () => registry.CreateHistogramFamily("m", "Help.", ["a"], [1, 3]),
        };

        var ex = Assert.Throws<InvalidOperationException>(act);
        Assert.Contains("'m'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(difference, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("a b")]
    [InlineData("é")]
    public void Create_InvalidMetricName_ThrowsNamingValueAndRule(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new MetricRegistry().CreateCounter(name, "X."));
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[a-zA-Z_:][a-zA-Z0-9_:]*", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1a", "[a-zA-Z_][a-zA-Z0-9_]*")]
    [InlineData("a:b", "[a-zA-Z_][a-zA-Z0-9_]*")]
    [InlineData("__name", "reserved")]
    [InlineData("", "[a-zA-Z_][a-zA-Z0-9_]*")]
    public void Create_InvalidLabelName_ThrowsNamingValueAndRule(string label, string rule)
    {
        var ex = Assert.Throws<ArgumentException>(() => new MetricRegistry().CreateCounterFamily("m_total", "M.", [label]));
        Assert.Contains($"'{label}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(rule, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LeOnHistogram_Throws_ButAllowedElsewhere()
    {
        var registry = new MetricRegistry();
        var ex = Assert.Throws<ArgumentException>(() => registry.CreateHistogramFamily("h", "H.", ["le"], [1]));
        Assert.Contains("'le'", ex.Message, StringComparison.Ordinal);
        registry.CreateGaugeFamily("g", "G.", ["le"]).WithLabels("1").Set(1);
    }

    [Fact]
    public void Create_DuplicateLabelNames_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MetricRegistry().CreateCounterFamily("m_total", "M.", ["a", "a"]));
        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new double[0], "no buckets")]
    [InlineData(new[] { 1.0, 0.5 }, "sorted")]
    [InlineData(new[] { 1.0, 1.0 }, "distinct")]
    [InlineData(new[] { 1.0, double.PositiveInfinity }, "finite")]
    [InlineData(new[] { double.NaN }, "finite")]
    public void Create_BadBuckets_ThrowsNamingRule(double[] bounds, string rule)
    {
        var ex = Assert.Throws<ArgumentException>(() => new MetricRegistry().CreateHistogram("h", "H.", bounds));
        Assert.Contains("'h'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(rule, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateInfo_NameWithoutInfoSuffix_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MetricRegistry().CreateInfo("bot", "B.", ["v"], ["1"]));
    }

    [Fact]
    public void Create_CardinalityLimitNotPositive_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricRegistry().CreateCounterFamily("m_total", "M.", ["a"], 0));
    }

    [Fact]
    public async Task Create_WhileScraping_IsSafeAndEventuallyVisible()
    {
        var registry = new MetricRegistry();
        using var stop = new CancellationTokenSource();
        Task scraper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                ExpositionParser.Parse(Scrape.Text(registry));
            }
        });

        for (int i = 0; i < 500; i++)
        {
            registry.CreateCounter($"m{i}_total", "M.").Inc();
        }

        stop.Cancel();
        await scraper;
        Assert.Equal(500, Scrape.Samples(registry).Count);
    }

    [Fact]
    public void Default_IsOneProcessWideInstance()
    {
        Assert.Same(MetricRegistry.Default, MetricRegistry.Default);
        Assert.NotSame(MetricRegistry.Default, new MetricRegistry());
    }
}
