using System;
using System.Buffers;
using System.Text;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Exposition;

/// <summary>A family whose rendering throws is left out whole; the others are served and the failure is counted.</summary>
public sealed class RenderFailureTests
{
    private static (MetricRegistry Registry, RegistryExposition Exposition) ThreeFamilies(int badSeries)
    {
        var registry = new MetricRegistry();
        registry.CreateCounter("a_total", "A.").Inc(1);
        MetricFamily<Gauge> bad = registry.CreateGaugeFamily("b", "B.", ["i"]);
        for (int i = 0; i < badSeries; i++)
        {
            bad.WithLabels(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(i);
        }

        registry.CreateCounter("c_total", "C.").Inc(3);
        var exposition = new RegistryExposition(registry)
        {
            // Fails on the family's last series, after everything before it was written.
            BeforeSeriesWritten = series =>
            {
                if (series.Family.Name == "b" && series.LabelValues[0] == (badSeries - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    throw new InvalidOperationException("injected");
                }
            },
        };
        return (registry, exposition);
    }

    [Fact]
    public void WriteTo_FamilyThrows_FamilyLeftOutOthersServedFailureCounted()
    {
        (_, RegistryExposition exposition) = ThreeFamilies(badSeries: 3);

        const string Others =
            "# HELP a_total A.\n# TYPE a_total counter\na_total 1\n" +
            "# HELP c_total C.\n# TYPE c_total counter\nc_total 3\n";
        Assert.Equal(Others, exposition.WriteToString());

        // The count is a series of the registry, written (before the user's families) from the next scrape on.
        const string Counted =
            "# HELP fastmetrics_render_failures_total Scrapes that left a family out because writing it failed, by metric; the other families were served.\n" +
            "# TYPE fastmetrics_render_failures_total counter\n";
        Assert.Equal(Counted + "fastmetrics_render_failures_total{metric=\"b\"} 1\n" + Others, exposition.WriteToString());
        Assert.Equal(Counted + "fastmetrics_render_failures_total{metric=\"b\"} 2\n" + Others, exposition.WriteToString());
    }

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText, true)]
    [InlineData(ExpositionFormat.PrometheusText, false)]
    [InlineData(ExpositionFormat.OpenMetrics, true)]
    [InlineData(ExpositionFormat.OpenMetrics, false)]
    public void WriteTo_LargeFamilyThrowsAfterManyRefills_AllItsBytesTakenBack(ExpositionFormat format, bool pooledOutput)
    {
        // 2,000 series are ~40 KB: the failing family has been advanced into the output many times over.
        (MetricRegistry registry, RegistryExposition exposition) = ThreeFamilies(badSeries: 2_000);
        string[] lines = new RegistryExposition(registry).WriteToString(format).Split('\n');
        var expected = new StringBuilder();
        foreach (string line in lines)
        {
            if (line.Length > 0 && !line.StartsWith("b{", StringComparison.Ordinal) && !line.StartsWith("# HELP b ", StringComparison.Ordinal) && !line.StartsWith("# TYPE b ", StringComparison.Ordinal))
            {
                expected.Append(line).Append('\n');
            }
        }

        Assert.Equal(expected.ToString(), Write(exposition, format, pooledOutput));
        Assert.Equal(1, registry.RenderFailuresFamily.WithLabels("b").Value);
    }

    [Fact]
    public void WriteTo_FamilyThrows_BytesBeforeTheScrapeInThePooledOutputKept()
    {
        (_, RegistryExposition exposition) = ThreeFamilies(badSeries: 500);
        using var buffer = new PooledBufferWriter();
        "HEAD"u8.CopyTo(buffer.GetSpan(4));
        buffer.Advance(4);
        exposition.WriteTo(buffer, ExpositionFormat.PrometheusText);
        Assert.Equal(
            "HEAD# HELP a_total A.\n# TYPE a_total counter\na_total 1\n# HELP c_total C.\n# TYPE c_total counter\nc_total 3\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void WriteTo_TinyLinearBucketsAndMicrosecondSums_ServedWithGoDigits()
    {
        // The triggers: the third bound of Buckets.Linear(0.0001, 0.0001, 10) is 0.00030000000000000003,
        // and a running _sum of 17-56 us latencies in seconds has 17 digits in [1e-4, 1e-3).
        var registry = new MetricRegistry();
        Histogram latency = registry.CreateHistogram("latency_seconds", "L.", Buckets.Linear(0.0001, 0.0001, 3));
        latency.Observe(0.000017);
        latency.Observe(0.000056);
        latency.Observe(0.000031);
        Assert.Equal(
            "# HELP latency_seconds L.\n# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{le=\"0.0001\"} 3\n" +
            "latency_seconds_bucket{le=\"0.0002\"} 3\n" +
            "latency_seconds_bucket{le=\"0.00030000000000000003\"} 3\n" +
            "latency_seconds_bucket{le=\"+Inf\"} 3\n" +
            "latency_seconds_sum 0.00010400000000000001\n" +
            "latency_seconds_count 3\n",
            new RegistryExposition(registry).WriteToString());
        Assert.Equal(0, registry.RenderFailuresFamily.SeriesCount);
    }

    private static string Write(RegistryExposition exposition, ExpositionFormat format, bool pooledOutput)
    {
        if (pooledOutput)
        {
            using var pooled = new PooledBufferWriter();
            exposition.WriteTo(pooled, format);
            return Encoding.UTF8.GetString(pooled.WrittenSpan);
        }

        var array = new ArrayBufferWriter<byte>(16);
        exposition.WriteTo(array, format);
        return Encoding.UTF8.GetString(array.WrittenSpan);
    }
}
