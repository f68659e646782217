using System;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class GaugeTests
{
    [Fact]
    public void Set_NaNAndInfinities_AcceptedAndExported()
    {
        var registry = new MetricRegistry();
        MetricFamily<Gauge> family = registry.CreateGaugeFamily("g", "G.", ["kind"]);
        family.WithLabels("nan").Set(double.NaN);
        family.WithLabels("pos").Set(double.PositiveInfinity);
        family.WithLabels("neg").Set(double.NegativeInfinity);

        string text = Scrape.Text(registry);
        Assert.Contains("g{kind=\"nan\"} NaN\ng{kind=\"pos\"} +Inf\ng{kind=\"neg\"} -Inf\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(MetricRegistry.DroppedMetricName + "{", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_InfinityThenFinite_StaysInfinite_AndNegativeAmountsAccepted()
    {
        var registry = new MetricRegistry();
        Gauge gauge = registry.CreateGauge("g", "G.");
        gauge.Add(-2.5);
        Assert.Equal(-2.5, gauge.Value);

        gauge.Add(double.PositiveInfinity);
        gauge.Add(1);
        Assert.Equal(double.PositiveInfinity, gauge.Value);

        gauge.Add(double.NegativeInfinity);
        Assert.True(double.IsNaN(gauge.Value));
        Assert.Contains("\ng NaN\n", Scrape.Text(registry), StringComparison.Ordinal);
    }
}
