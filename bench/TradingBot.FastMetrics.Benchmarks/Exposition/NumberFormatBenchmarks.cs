using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Exposition;

namespace TradingBot.FastMetrics.Benchmarks.Exposition;

/// <summary>Formatting one double the way a scrape does: ours (Ryu digits, Go layout) against .NET's round-trip "R" and the formatter it replaced.</summary>
/// <remarks>
/// The values are what scrapes carry: histogram sums of microsecond latencies in seconds, bucket bounds,
/// prices and PnL with cents, large counts, and random finite bit patterns. Per call (a loop over 1,024 values).
/// </remarks>
[BenchmarkCategory("Formatting")]
public class NumberFormatBenchmarks
{
    private const int Count = 1024;
    private readonly double[] _values = new double[Count];
    private readonly byte[] _buffer = new byte[64];
    private readonly char[] _chars = new char[64];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        double sum = 0;
        for (int i = 0; i < Count; i++)
        {
            sum += (17 + (random.NextDouble() * 39)) * 1e-6;
            double value = (i % 5) switch
            {
                0 => sum,
                1 => 0.0001 * (1 + (i % 10)),
                2 => Math.Round(random.NextDouble() * 100_000, 2),
                3 => Math.Round(random.NextDouble() * 1e9),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };

            // The previous formatter throws on some values; keep the set one every method can format.
            while (!double.IsFinite(value) || !SurvivesPrevious(value))
            {
                value = random.NextDouble() * 1e3;
            }

            _values[i] = value;
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int DotNet_TryFormatR()
    {
        int total = 0;
        foreach (double value in _values)
        {
            value.TryFormat(_buffer, out int n, "R", CultureInfo.InvariantCulture);
            total += n;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int DotNet_TryFormatShortestChars()
    {
        int total = 0;
        foreach (double value in _values)
        {
            value.TryFormat(_chars, out int n, default, CultureInfo.InvariantCulture);
            total += n;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int Previous_FormatDouble()
    {
        int total = 0;
        foreach (double value in _values)
        {
            total += PreviousNumberFormatter.FormatDouble(value, _buffer);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int FastMetrics_FormatDouble()
    {
        int total = 0;
        foreach (double value in _values)
        {
            total += Utf8NumberFormatter.FormatDouble(value, _buffer);
        }

        return total;
    }

    private bool SurvivesPrevious(double value)
    {
        try
        {
            PreviousNumberFormatter.FormatDouble(value, _buffer);
            return true;
        }
        catch (IndexOutOfRangeException)
        {
            return false;
        }
    }
}
