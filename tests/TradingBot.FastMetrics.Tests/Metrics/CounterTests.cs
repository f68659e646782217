using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class CounterTests
{
    [Fact]
    public void Inc_WholeAmounts_ExportedAsInteger()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("orders_total", "Orders.");
        counter.Inc();
        counter.Inc(41);
        counter.Add(58);

        Assert.Equal(100, counter.Value);
        Assert.Contains("\norders_total 100\n", Scrape.Text(registry), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Add_Fraction_KeptSeparatelyAndSummed()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("volume_total", "Volume.");
        counter.Inc(2);
        counter.Add(0.25);
        counter.Add(0.5);

        Assert.Equal(2.75, counter.Value);
        Assert.Contains("\nvolume_total 2.75\n", Scrape.Text(registry), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NegativeOrNaN_DroppedAndCounted()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("x_total", "X.");
        counter.Inc(5);
        counter.Inc(-1);
        counter.Add(-2.5);
        counter.Add(double.NaN);

        Assert.Equal(5, counter.Value);
        Assert.Equal(2, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "x_total", "reason", "negative_increment"));
        Assert.Equal(1, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "x_total", "reason", "nan"));
    }

    [Fact]
    public void Add_HugeWholeAmount_DoesNotOverflow()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("big_total", "Big.");
        counter.Add(1e19);
        counter.Add(1e19);

        Assert.Equal(2e19, counter.Value);
    }

    [Fact]
    public void Add_PositiveInfinity_Kept()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("inf_total", "Inf.");
        counter.Add(double.PositiveInfinity);

        Assert.Contains("\ninf_total +Inf\n", Scrape.Text(registry), System.StringComparison.Ordinal);
    }
}
