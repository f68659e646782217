using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>Linear scan, branch-free counts (vector and scalar) and binary search over N bounds: where the crossover in HistogramBounds comes from.</summary>
public class BucketSearchBenchmarks
{
    private const int Ops = 1024;
    private readonly double[] _values = new double[Ops];
    private double[] _bounds = null!;
    private double[] _padded = null!;

    [Params(8, 16, 32, 64, 128)]
    public int Bounds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _bounds = Buckets.Linear(1, 1, Bounds);
        _padded = new double[(Bounds + 3) & ~3];
        System.Array.Fill(_padded, double.PositiveInfinity);
        _bounds.CopyTo(_padded, 0);
        var random = new System.Random(11);
        for (int i = 0; i < Ops; i++)
        {
            _values[i] = random.NextDouble() * (Bounds + 2);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public int Linear()
    {
        int sum = 0;
        foreach (double value in _values)
        {
            sum += HistogramBounds.FindBucketLinear(_bounds, value);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public int Vector()
    {
        int sum = 0;
        foreach (double value in _values)
        {
            sum += HistogramBounds.CountBelowVector256(_padded, value);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public int ScalarCount()
    {
        int sum = 0;
        foreach (double value in _values)
        {
            sum += HistogramBounds.CountBelowScalar(_bounds, value);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public int Binary()
    {
        int sum = 0;
        foreach (double value in _values)
        {
            sum += HistogramBounds.FindBucketBinary(_bounds, value);
        }

        return sum;
    }
}
