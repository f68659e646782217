using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Benchmarks.Server;

/// <summary>The load workload, built the same way in each library: 1,000 counter series and 100 ten-bucket histograms.</summary>
/// <remarks>Two labels per series (app, series) bring the text format to about 150 KB, the size the issue measured with.</remarks>
public static class LoadWorkload
{
    public const int CounterSeries = 1000;
    public const int HistogramSeries = 100;

    private const string App = "trading-bot";

    public static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private static readonly double[] s_observations = [0.003, 0.02, 0.07, 0.3, 0.8, 3, 7];

    public static MetricRegistry CreateOurs()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> counters = registry.CreateCounterFamily("bench_requests_total", "Requests handled, by series.", ["app", "series"]);
        MetricFamily<Histogram> histograms = registry.CreateHistogramFamily("bench_latency_seconds", "Request latency, by series.", ["app", "series"], Bounds);
        for (int i = 0; i < CounterSeries; i++)
        {
            counters.WithLabels(App, Label(i)).Inc(i + 1);
        }

        for (int i = 0; i < HistogramSeries; i++)
        {
            Histogram histogram = histograms.WithLabels(App, Label(i));
            foreach (double value in s_observations)
            {
                histogram.Observe(value * (1 + (i % 3)));
            }
        }

        return registry;
    }

    public static Prometheus.CollectorRegistry CreatePrometheusNet()
    {
        Prometheus.CollectorRegistry registry = Prometheus.Metrics.NewCustomRegistry();
        Prometheus.MetricFactory factory = Prometheus.Metrics.WithCustomRegistry(registry);
        Prometheus.Counter counters = factory.CreateCounter("bench_requests_total", "Requests handled, by series.", ["app", "series"]);
        Prometheus.Histogram histograms = factory.CreateHistogram(
            "bench_latency_seconds",
            "Request latency, by series.",
            ["app", "series"],
            new Prometheus.HistogramConfiguration { Buckets = Bounds });
        for (int i = 0; i < CounterSeries; i++)
        {
            counters.WithLabels(App, Label(i)).Inc(i + 1);
        }

        for (int i = 0; i < HistogramSeries; i++)
        {
            Prometheus.Histogram.Child histogram = histograms.WithLabels(App, Label(i));
            foreach (double value in s_observations)
            {
                histogram.Observe(value * (1 + (i % 3)));
            }
        }

        return registry;
    }

    /// <summary>Records the workload through System.Diagnostics.Metrics, for the OpenTelemetry exporter to collect.</summary>
    public static Meter CreateOpenTelemetryMeter(string name)
    {
        var meter = new Meter(name);
        Counter<long> counter = meter.CreateCounter<long>("bench_requests", description: "Requests handled, by series.");
        Histogram<double> histogram = meter.CreateHistogram<double>("bench_latency_seconds", description: "Request latency, by series.");
        for (int i = 0; i < CounterSeries; i++)
        {
            counter.Add(i + 1, new KeyValuePair<string, object?>("app", App), new KeyValuePair<string, object?>("series", Label(i)));
        }

        for (int i = 0; i < HistogramSeries; i++)
        {
            foreach (double value in s_observations)
            {
                histogram.Record(value * (1 + (i % 3)), new KeyValuePair<string, object?>("app", App), new KeyValuePair<string, object?>("series", Label(i)));
            }
        }

        return meter;
    }

    private static string Label(int i) => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
