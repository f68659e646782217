using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>Linear scan against binary search over N bounds: where the crossover in HistogramBounds comes from.</summary>
public class BucketSearchBenchmarks
{
    private const int Ops = 1024;
    private readonly double[] _values = new double[Ops];
    private double[] _bounds = null!;

    [Params(8, 16, 32, 64, 128)]
    public int Bounds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _bounds = Buckets.Linear(1, 1, Bounds);
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
        double[] bounds = _bounds;
        foreach (double value in _values)
        {
            int i = 0;
            while (i < bounds.Length && value > bounds[i])
            {
                i++;
            }

            sum += i;
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
