using System;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class MetricFamilyTests
{
    [Fact]
    public void WithLabels_FixedArityAndSpan_FindSameSeries()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> one = registry.CreateCounterFamily("one_total", "1.", ["a"]);
        MetricFamily<Counter> two = registry.CreateCounterFamily("two_total", "2.", ["a", "b"]);
        MetricFamily<Counter> three = registry.CreateCounterFamily("three_total", "3.", ["a", "b", "c"]);
        MetricFamily<Counter> four = registry.CreateCounterFamily("four_total", "4.", ["a", "b", "c", "d"]);

        Assert.Same(one.WithLabels("x"), one.WithLabels(["x"]));
        Assert.Same(two.WithLabels("x", "y"), two.WithLabels(["x", "y"]));
        Assert.Same(three.WithLabels("x", "y", "z"), three.WithLabels(["x", "y", "z"]));
        Assert.Same(four.WithLabels("w", "x", "y", "z"), four.WithLabels("w", "x", "y", "z"));
        Assert.NotSame(two.WithLabels("x", "y"), two.WithLabels("y", "x"));
        Assert.Equal(2, two.SeriesCount);
    }

    [Fact]
    public void WithLabels_WrongCountOrNull_ThrowsNamingMetric()
    {
        MetricFamily<Counter> family = new MetricRegistry().CreateCounterFamily("two_total", "2.", ["a", "b"]);

        var ex = Assert.Throws<ArgumentException>(() => family.WithLabels("x"));
        Assert.Contains("'two_total' has 2 label name(s) but 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => family.WithLabels("x", "y", "z"));
        Assert.Throws<ArgumentException>(() => family.WithLabels("x", null!));
    }

    [Fact]
    public void WithLabels_ManySeries_AllDistinctAndFoundAgain()
    {
        MetricFamily<Gauge> family = new MetricRegistry().CreateGaugeFamily("g", "G.", ["symbol"]);
        var created = new Gauge[3000];
        for (int i = 0; i < created.Length; i++)
        {
            created[i] = family.WithLabels("S" + i);
            created[i].Set(i);
        }

        for (int i = 0; i < created.Length; i++)
        {
            Assert.Same(created[i], family.WithLabels("S" + i));
            Assert.Equal(i, family.WithLabels("S" + i).Value);
        }
    }

    [Fact]
    public void RemoveLabels_Existing_LeavesScrapeAndLookupCreatesFresh()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> family = registry.CreateCounterFamily("t_total", "T.", ["symbol"]);
        Counter old = family.WithLabels("LUNA");
        old.Inc(5);
        family.WithLabels("BTC").Inc();

        Assert.True(family.RemoveLabels("LUNA"));
        Assert.False(family.RemoveLabels("LUNA"));
        Assert.DoesNotContain("LUNA", Scrape.Text(registry), StringComparison.Ordinal);
        Assert.Equal(1, family.SeriesCount);

        Counter fresh = family.WithLabels("LUNA");
        Assert.NotSame(old, fresh);
        Assert.Equal(0, fresh.Value);
        Assert.Equal(1, Scrape.Value(registry, "t_total", "symbol", "BTC"));
    }

    [Fact]
    public void WithLabels_PastCardinalityLimit_FoldsIntoOverflowAndCounts()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> family = registry.CreateCounterFamily("orders_total", "O.", ["symbol"], cardinalityLimit: 3);
        family.WithLabels("A").Inc();
        family.WithLabels("B").Inc();
        family.WithLabels("C").Inc();
        Counter overflow = family.WithLabels("D");
        overflow.Inc();
        family.WithLabels("E").Inc(2);
        family.WithLabels("A").Inc();

        Assert.True(overflow.IsOverflow);
        Assert.Equal([""], overflow.LabelValues.ToArray());
        Assert.Same(overflow, family.WithLabels("F"));
        Assert.Equal(4, family.SeriesCount);
        Assert.Equal(3, Scrape.Value(registry, "orders_total", "fastmetrics_overflow", "true"));
        Assert.Equal(2, Scrape.Value(registry, "orders_total", "symbol", "A"));
        Assert.Equal(3, Scrape.Value(registry, MetricRegistry.OverflowMetricName, "metric", "orders_total"));
    }
}
