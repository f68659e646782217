using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry.Metrics;
using TradingBot.FastMetrics.Benchmarks.Infrastructure;
using TradingBot.FastMetrics.Metrics;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>One observation into a 10-bucket histogram, values spread over every bucket.</summary>
[BenchmarkCategory("RecordPath")]
public class HistogramBenchmarks
{
    private const int Ops = 1024;
    private static readonly double[] s_bounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private readonly double[] _values = new double[Ops];
    private Histogram _ours = null!;
    private Prom.Histogram _prom = null!;
    private OpenTelemetryHarness _otel = null!;
    private Histogram<double> _otelHistogram = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(7);
        for (int i = 0; i < Ops; i++)
        {
            _values[i] = random.NextDouble() * 1200;
        }

        _ours = new MetricRegistry().CreateHistogram("ours", "Ours.", s_bounds);
        _prom = Prom.Metrics.WithCustomRegistry(Prom.Metrics.NewCustomRegistry())
            .CreateHistogram("prom", "Prom.", new Prom.HistogramConfiguration { Buckets = s_bounds });
        _otel = new OpenTelemetryHarness("bench.histogram");
        _otelHistogram = _otel.Meter.CreateHistogram<double>(
            "otel", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_bounds });
    }

    [GlobalCleanup]
    public void Cleanup() => _otel.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public void PrometheusNet_Observe()
    {
        double[] values = _values;
        for (int i = 0; i < values.Length; i++)
        {
            _prom.Observe(values[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void OpenTelemetry_Record()
    {
        double[] values = _values;
        for (int i = 0; i < values.Length; i++)
        {
            _otelHistogram.Record(values[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_Observe()
    {
        double[] values = _values;
        for (int i = 0; i < values.Length; i++)
        {
            _ours.Observe(values[i]);
        }
    }
}
