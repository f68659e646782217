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
    public void Add_Infinities_DroppedAndCountedAsInfinite()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("inf_total", "Inf.");
        counter.Inc(3);
        counter.Add(double.PositiveInfinity);
        counter.Add(double.NegativeInfinity);
        counter.Add(double.NaN);

        Assert.Equal(3, counter.Value);
        Assert.Contains("\ninf_total 3\n", Scrape.Text(registry), System.StringComparison.Ordinal);
        Assert.Equal(2, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "inf_total", "reason", "infinite"));
        Assert.Equal(1, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "inf_total", "reason", "nan"));
    }

    [Fact]
    public void Inc_LongMaxValueTwice_CarriesIntoDoubleAndNeverGoesNegative()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("big_total", "Big.");
        counter.Inc(long.MaxValue);
        Assert.Contains("\nbig_total 9223372036854775807\n", Scrape.Text(registry), System.StringComparison.Ordinal);

        counter.Inc(long.MaxValue);
        Assert.Contains("\nbig_total 1.8446744073709552e+19\n", Scrape.Text(registry), System.StringComparison.Ordinal);

        // Past the integer range a single Inc() carries too: the total stays put at double precision.
        counter.Inc();
        Assert.Equal(18446744073709551616.0, counter.Value);
        Assert.Contains("\nbig_total 1.8446744073709552e+19\n", Scrape.Text(registry), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Inc_PastLongMaxValueOnTheOwnerRow_ReadsUnsignedAndNeverGoesNegative()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("big_total", "Big.");
        counter.Inc(long.MaxValue);

        // Inc() skips the overflow test: its cell passes long.MaxValue, and the read treats it as unsigned.
        counter.Inc();
        counter.Inc();
        Assert.Equal(9223372036854775809.0, counter.Value);
        Assert.Contains("\nbig_total 9.223372036854776e+18\n", Scrape.Text(registry), System.StringComparison.Ordinal);

        // An amount on top of a cell already past long.MaxValue goes to the double cell.
        counter.Inc(long.MaxValue);
        Assert.Equal(18446744073709551616.0, counter.Value);
    }

    [Fact]
    public void Add_NineE18Twice_CarriesIntoDouble()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("big_total", "Big.");
        counter.Add(9e18);
        Assert.Contains("\nbig_total 9000000000000000000\n", Scrape.Text(registry), System.StringComparison.Ordinal);

        counter.Add(9e18);
        Assert.Equal(1.8e19, counter.Value);
        Assert.Contains("\nbig_total 1.8e+19\n", Scrape.Text(registry), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RowsWhoseIntegerSumOverflows_CarriesIntoDouble()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("big_total", "Big.");
        counter.Inc(6_000_000_000_000_000_000);

        // Another thread writes the shared row: each row fits a long, their sum does not.
        var other = new System.Threading.Thread(() => counter.Inc(6_000_000_000_000_000_000));
        other.Start();
        other.Join();

        Assert.Equal(1.2e19, counter.Value);
        Assert.Contains("\nbig_total 1.2e+19\n", Scrape.Text(registry), System.StringComparison.Ordinal);
    }
}
