using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Exemplars;
using TradingBot.FastMetrics.Metrics.Native;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>
/// One observation: native-only (factor 1.1, schema 3), hybrid, and with an exemplar, against our classic
/// 10-bucket histogram and prometheus-net's (no .NET library has native buckets to compare with).
/// </summary>
[BenchmarkCategory("RecordPath")]
public class NativeHistogramBenchmarks
{
    private const int Ops = 1024;
    private static readonly double[] s_bounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private readonly double[] _values = new double[Ops];
    private Histogram _classic = null!;
    private Histogram _native = null!;
    private Histogram _hybrid = null!;
    private Histogram _exemplified = null!;
    private Counter _counter = null!;
    private ExemplarOptions _exemplar = null!;
    private Prom.Histogram _prom = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(7);
        for (int i = 0; i < Ops; i++)
        {
            _values[i] = random.NextDouble() * 1200;
        }

        var registry = new MetricRegistry();
        var native = new NativeHistogramOptions { BucketFactor = 1.1 };
        _classic = registry.CreateHistogram("classic", "Classic.", s_bounds);
        _native = registry.CreateNativeHistogram("native", "Native.", native);
        _hybrid = registry.CreateHistogramFamily("hybrid", "Hybrid.", [], s_bounds, native).WithLabels();
        _exemplified = registry.CreateHistogramFamily("exemplified", "With exemplars.", [], s_bounds, native).WithLabels();
        _counter = registry.CreateCounter("trades_total", "Trades.");

        // No minimum interval: every record writes its exemplar, the most expensive case.
        _exemplar = new ExemplarOptions(["order_id"]);
        _prom = Prom.Metrics.WithCustomRegistry(Prom.Metrics.NewCustomRegistry())
            .CreateHistogram("prom", "Prom.", new Prom.HistogramConfiguration { Buckets = s_bounds });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public void PrometheusNet_ClassicObserve()
    {
        double[] values = _values;
        for (int i = 0; i < values.Length; i++)
        {
            _prom.Observe(values[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_ClassicObserve()
    {
        double[] values = _values;
        for (int i = 0; i < values.Length; i++)
        {
            _classic.Observe(values[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_NativeObserve()
    {
        double[] values = _values;
        for (int i = 0; i < values.Length; i++)
        {
            _native.Observe(values[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_HybridObserve()
    {
        double[] values = _values;
        for (int i = 0; i < values.Length; i++)
        {
            _hybrid.Observe(values[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_HybridObserveWithExemplar()
    {
        double[] values = _values;
        for (int i = 0; i < values.Length; i++)
        {
            _exemplified.Observe(values[i], _exemplar, "SIM-1234567");
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_CounterIncWithExemplar()
    {
        for (int i = 0; i < Ops; i++)
        {
            _counter.Inc(_exemplar, "SIM-1234567");
        }
    }
}
