using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Benchmarks.Infrastructure;
using TradingBot.FastMetrics.Metrics;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>
/// N writer threads on ONE instrument, each making <see cref="OpsPerThread"/> records; the time reported is
/// per record of one thread (wall time / OpsPerThread), so perfect scaling keeps it flat as threads grow.
/// </summary>
/// <remarks>
/// <c>SharedInterlocked</c> is the unstriped design (every writer on one cache line), for contrast with
/// our per-thread rows. On a 2-core machine, 4 and 8 writers oversubscribe the cores, so their time per
/// record includes waiting for a core.
/// </remarks>
[BenchmarkCategory("RecordPath")]
public class ContentionBenchmarks
{
    // 4 M records per thread per invocation: long enough (2.8 ms at 0.7 ns) that waking the parked workers
    // and the barrier crossings stay small against the measured time.
    private const int OpsPerThread = 4_000_000;
    private static readonly double[] s_bounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private ParallelRunner _runner = null!;
    private Counter _counter = null!;
    private Histogram _histogram = null!;
    private Prom.Counter _promCounter = null!;
    private Prom.Histogram _promHistogram = null!;
    private long _shared;

    // Delegates made once, so an invocation allocates nothing of its own.
    private Action _counterWork = null!;
    private Action _histogramWork = null!;
    private Action _sharedWork = null!;
    private Action _promCounterWork = null!;
    private Action _promHistogramWork = null!;

    [Params(1, 2, 4, 8)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _runner = new ParallelRunner(Threads);
        var registry = new MetricRegistry();
        _counter = registry.CreateCounter("c_total", "C.");
        _histogram = registry.CreateHistogram("h", "H.", s_bounds);
        Prom.MetricFactory factory = Prom.Metrics.WithCustomRegistry(Prom.Metrics.NewCustomRegistry());
        _promCounter = factory.CreateCounter("c_total", "C.");
        _promHistogram = factory.CreateHistogram("h", "H.", new Prom.HistogramConfiguration { Buckets = s_bounds });
        _counterWork = CounterWork;
        _histogramWork = HistogramWork;
        _sharedWork = SharedWork;
        _promCounterWork = PromCounterWork;
        _promHistogramWork = PromHistogramWork;
    }

    [GlobalCleanup]
    public void Cleanup() => _runner.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = OpsPerThread)]
    public void FastMetrics_CounterInc() => _runner.Run(_counterWork);

    [Benchmark(OperationsPerInvoke = OpsPerThread)]
    public void FastMetrics_HistogramObserve() => _runner.Run(_histogramWork);

    [Benchmark(OperationsPerInvoke = OpsPerThread)]
    public void SharedInterlocked_Increment() => _runner.Run(_sharedWork);

    [Benchmark(OperationsPerInvoke = OpsPerThread)]
    public void PrometheusNet_CounterInc() => _runner.Run(_promCounterWork);

    [Benchmark(OperationsPerInvoke = OpsPerThread)]
    public void PrometheusNet_HistogramObserve() => _runner.Run(_promHistogramWork);

    private void CounterWork()
    {
        Counter counter = _counter;
        for (int i = 0; i < OpsPerThread; i++)
        {
            counter.Inc();
        }
    }

    private void HistogramWork()
    {
        Histogram histogram = _histogram;
        for (int i = 0; i < OpsPerThread; i++)
        {
            histogram.Observe(i & 1023);
        }
    }

    private void SharedWork()
    {
        for (int i = 0; i < OpsPerThread; i++)
        {
            Interlocked.Increment(ref _shared);
        }
    }

    private void PromCounterWork()
    {
        Prom.Counter counter = _promCounter;
        for (int i = 0; i < OpsPerThread; i++)
        {
            counter.Inc();
        }
    }

    private void PromHistogramWork()
    {
        Prom.Histogram histogram = _promHistogram;
        for (int i = 0; i < OpsPerThread; i++)
        {
            histogram.Observe(i & 1023);
        }
    }
}
