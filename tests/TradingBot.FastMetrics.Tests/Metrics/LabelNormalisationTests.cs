using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class LabelNormalisationTests
{
    [Fact]
    public void WithLabels_LoneSurrogatesAndReplacementChar_OneSeriesExportedOnce()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> family = registry.CreateCounterFamily("c_total", "C.", ["v"]);
        Counter first = family.WithLabels("\uD800");
        first.Inc();
        family.WithLabels("\uDBFF").Inc();
        family.WithLabels(["\uDFFF"]).Inc();
        family.WithLabels("\uFFFD").Inc();

        Assert.Same(first, family.WithLabels("\uDFFF"));
        Assert.Equal(1, family.SeriesCount);
        Assert.Equal("\uFFFD", first.LabelValues[0]);
        Assert.Equal("# HELP c_total C.\n# TYPE c_total counter\nc_total{v=\"\uFFFD\"} 4\n", Scrape.Text(registry));
    }

    [Fact]
    public void WithLabels_ValidPairAndLoneHalves_AreDifferentSeries()
    {
        var registry = new MetricRegistry();
        MetricFamily<Gauge> family = registry.CreateGaugeFamily("g", "G.", ["a", "b"]);
        Gauge pair = family.WithLabels("\uD83D\uDE00", "x");
        Gauge loneHigh = family.WithLabels("\uD83D", "x");
        Gauge reversed = family.WithLabels("\uDE00\uD83D", "x");

        Assert.NotSame(pair, loneHigh);
        Assert.Equal("\uD83D\uDE00", pair.LabelValues[0]);
        Assert.Equal("\uFFFD\uFFFD", reversed.LabelValues[0]);
        Assert.Equal(3, family.SeriesCount);
    }

    [Fact]
    public void RemoveLabels_LoneSurrogate_RemovesTheNormalisedSeries()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> family = registry.CreateCounterFamily("c_total", "C.", ["v"]);
        family.WithLabels("a\uD800b").Inc();
        Assert.True(family.RemoveLabels("a\uDC00b"));
        Assert.Equal(0, family.SeriesCount);
    }

    [Fact]
    public void WriteTo_SeriesRemovedAndAdded_LabelsFollowTheSeries()
    {
        // The exposition keeps label bytes per series between scrapes: removing one series and adding
        // another must not shift anyone's labels.
        var registry = new MetricRegistry();
        MetricFamily<Counter> family = registry.CreateCounterFamily("c_total", "C.", ["v"]);
        family.WithLabels("a").Inc(1);
        family.WithLabels("b").Inc(2);
        family.WithLabels("c").Inc(3);
        var exposition = new RegistryExposition(registry);
        Assert.Equal("# HELP c_total C.\n# TYPE c_total counter\nc_total{v=\"a\"} 1\nc_total{v=\"b\"} 2\nc_total{v=\"c\"} 3\n", exposition.WriteToString());

        family.RemoveLabels("b");
        family.WithLabels("d").Inc(4);
        Assert.Equal("# HELP c_total C.\n# TYPE c_total counter\nc_total{v=\"a\"} 1\nc_total{v=\"c\"} 3\nc_total{v=\"d\"} 4\n", exposition.WriteToString());

        family.RemoveLabels("a");
        family.WithLabels("b").Inc(5);
        Assert.Equal("# HELP c_total C.\n# TYPE c_total counter\nc_total{v=\"c\"} 3\nc_total{v=\"d\"} 4\nc_total{v=\"b\"} 5\n", exposition.WriteToString());
    }
}
