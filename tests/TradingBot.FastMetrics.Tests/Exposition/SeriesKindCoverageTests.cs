using System;
using System.Collections.Generic;
using System.Linq;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Exposition;

/// <summary>Every concrete series type the library has is written by the exposition; none vanishes from a scrape.</summary>
public sealed class SeriesKindCoverageTests
{
    // How to make one recorded series of each type, and a sample its scrape must hold in both formats.
    private static readonly Dictionary<Type, (Action<MetricRegistry> Create, string Line)> s_kinds = new()
    {
        [typeof(Counter)] = (r => r.CreateCounter("k_total", "K.").Inc(2), "\nk_total 2\n"),
        [typeof(Gauge)] = (r => r.CreateGauge("k", "K.").Set(1.5), "\nk 1.5\n"),
        [typeof(CallbackGauge)] = (r => r.CreateCallbackGauge("k", "K.", () => 4), "\nk 4"),
        [typeof(Histogram)] = (r => r.CreateHistogram("k", "K.", [1]).Observe(0.5), "\nk_count 1\n"),
        [typeof(Info)] = (r => r.CreateInfo("k_info", "K.", ["v"], ["1"]), "\nk_info{v=\"1\"} 1\n"),
    };

    public static TheoryData<Type> SeriesTypes() => [.. ConcreteSeriesTypes()];

    [Fact]
    public void SeriesTypes_FoundByReflection_AreTheKnownFive()
    {
        // Guards the theory below against an empty or stale list.
        Assert.Equal(s_kinds.Keys.OrderBy(t => t.Name), ConcreteSeriesTypes());
    }

    private static Type[] ConcreteSeriesTypes() =>
        typeof(MetricSeries).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(MetricSeries)) && !t.IsAbstract).OrderBy(t => t.Name).ToArray();

    [Theory]
    [MemberData(nameof(SeriesTypes))]
    public void WriteTo_EverySeriesType_IsWrittenInBothFormats(Type seriesType)
    {
        Assert.True(s_kinds.TryGetValue(seriesType, out var kind), $"{seriesType.Name} is a series type with no case here: add one, and a writer for it in RegistryExposition.");
        var registry = new MetricRegistry();
        kind.Create(registry);
        MetricFamily family = registry.GetFamilies()[^1];
        Assert.Equal(seriesType, family.GetType().GenericTypeArguments[0]);

        foreach (ExpositionFormat format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
        {
            string text = Scrape.Text(registry, format);
            Assert.Contains(kind.Line, text, StringComparison.Ordinal);
            Assert.DoesNotContain(MetricRegistry.RenderFailuresMetricName, text, StringComparison.Ordinal);
        }

        Assert.Equal(0, registry.RenderFailuresFamily.SeriesCount);
    }
}
