using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Benchmarks.Infrastructure;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Native;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>
/// N writer threads on ONE instrument, each making <see cref="OpsPerThread"/> records; the time reported is
/// per record of one thread (wall time / OpsPerThread), so perfect scaling keeps it flat as threads grow.
/// </summary>
/// <remarks>
/// Two alternatives to StripedCells, for contrast: <c>SharedInterlocked</c> is the unstriped design (every
/// writer on one cache line), <c>StripedInterlocked</c> is stripes alone (<c>Interlocked</c> on a padded cell per
/// processor, chosen by <see cref="Thread.GetCurrentProcessorId"/>), without owner rows. On a 2-core machine,
/// 4 and 8 writers oversubscribe the cores, so their time per record includes waiting for a core.
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
    private Histogram _native = null!;
    private Prom.Counter _promCounter = null!;
    private Prom.Histogram _promHistogram = null!;
    private long _shared;
    private long[] _stripes = null!;
    private int _stripeMask;

    // Delegates made once, so an invocation allocates nothing of its own.
    private Action _counterWork = null!;
    private Action _histogramWork = null!;
    private Action _nativeWork = null!;
    private Action _sharedWork = null!;
    private Action _stripedWork = null!;
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
        _native = registry.CreateNativeHistogram("n", "N.", new NativeHistogramOptions { BucketFactor = 1.1 });
        Prom.MetricFactory factory = Prom.Metrics.WithCustomRegistry(Prom.Metrics.NewCustomRegistry());
        _promCounter = factory.CreateCounter("c_total", "C.");
        _promHistogram = factory.CreateHistogram("h", "H.", new Prom.HistogramConfiguration { Buckets = s_bounds });
        _counterWork = CounterWork;
        _histogramWork = HistogramWork;
        _nativeWork = NativeWork;
        _sharedWork = SharedWork;
        _stripedWork = StripedWork;
        int stripes = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount);
        _stripeMask = stripes - 1;
        _stripes = new long[(stripes + 2) * 16];
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
    public void FastMetrics_NativeObserve() => _runner.Run(_nativeWork);

    [Benchmark(OperationsPerInvoke = OpsPerThread)]
    public void SharedInterlocked_Increment() => _runner.Run(_sharedWork);

    [Benchmark(OperationsPerInvoke = OpsPerThread)]
    public void StripedInterlocked_Increment() => _runner.Run(_stripedWork);

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

    private void NativeWork()
    {
        Histogram native = _native;
        for (int i = 0; i < OpsPerThread; i++)
        {
            native.Observe(1 + (i & 1023));
        }
    }

    private void SharedWork()
    {
        for (int i = 0; i < OpsPerThread; i++)
        {
            Interlocked.Increment(ref _shared);
        }
    }

    private void StripedWork()
    {
        long[] stripes = _stripes;
        int mask = _stripeMask;
        for (int i = 0; i < OpsPerThread; i++)
        {
            // 128-byte stripes after a 128-byte lead: no two processors' cells share a line pair.
            Interlocked.Increment(ref stripes[16 + ((Thread.GetCurrentProcessorId() & mask) * 16)]);
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
