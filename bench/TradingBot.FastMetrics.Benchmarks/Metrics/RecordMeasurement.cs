using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using TradingBot.FastMetrics.Benchmarks.Infrastructure;
using TradingBot.FastMetrics.Metrics;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>
/// <c>measure record</c>: Counter.Inc, Histogram.Observe (10 buckets) and 1/2/4 writers on one counter and one
/// histogram, ours beside prometheus-net 8.2.1 in one process, each figure the minimum over many short rounds.
/// </summary>
/// <remarks>
/// On a machine shared with other builds, BenchmarkDotNet's means include every preemption; the minimum of many
/// short rounds is the time of a round nobody interrupted, which is what the ratios are meant to compare. Rounds
/// of the candidates are interleaved, so slow phases of the machine hit all of them alike.
/// </remarks>
public static class RecordMeasurement
{
    private const int Rounds = 300;
    private const int OpsPerRound = 200_000;
    private const int ContentionRounds = 100;
    private static readonly double[] s_bounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
    private static readonly double[] s_values = CreateValues();

    public static int Run()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("c_total", "C.");
        Histogram histogram = registry.CreateHistogram("h", "H.", s_bounds);
        Prom.MetricFactory factory = Prom.Metrics.WithCustomRegistry(Prom.Metrics.NewCustomRegistry());
        Prom.Counter promCounter = factory.CreateCounter("c_total", "C.");
        Prom.Histogram promHistogram = factory.CreateHistogram("h", "H.", new Prom.HistogramConfiguration { Buckets = s_bounds });

        var best = new double[4];
        Array.Fill(best, double.MaxValue);
        for (int round = 0; round < Rounds; round++)
        {
            best[0] = Math.Min(best[0], Time(() => IncOurs(counter)));
            best[1] = Math.Min(best[1], Time(() => IncProm(promCounter)));
            best[2] = Math.Min(best[2], Time(() => ObserveOurs(histogram)));
            best[3] = Math.Min(best[3], Time(() => ObserveProm(promHistogram)));
        }

        Console.WriteLine($"record: minimum of {Rounds} rounds of {OpsPerRound:N0} ops, {Environment.ProcessorCount} cores, {Environment.Version}");
        Console.WriteLine("| Operation | ours | prometheus-net | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Print("Counter.Inc", best[0], best[1]);
        Print("Histogram.Observe, 10 buckets", best[2], best[3]);

        Console.WriteLine();
        Console.WriteLine($"contention: N threads on one instrument, {OpsPerRound:N0} ops each, wall time / ops per thread, minimum of {ContentionRounds} rounds");
        Console.WriteLine("| Threads | our Counter.Inc | vs 1 thread | our Observe | vs 1 thread | prometheus-net Inc | prometheus-net Observe |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        double oneInc = 0;
        double oneObserve = 0;
        foreach (int threads in (int[])[1, 2, 4])
        {
            // Fresh instruments per thread count, so owner rows are claimed by this run's threads.
            Counter c = registry.CreateCounter("c" + threads + "_total", "C.");
            Histogram h = registry.CreateHistogram("h" + threads, "H.", s_bounds);
            Prom.Counter pc = factory.CreateCounter("c" + threads + "_total", "C.");
            Prom.Histogram ph = factory.CreateHistogram("h" + threads, "H.", new Prom.HistogramConfiguration { Buckets = s_bounds });
            using var runner = new ParallelRunner(threads);
            var times = new double[4];
            Array.Fill(times, double.MaxValue);
            Action[] work = [() => IncOurs(c), () => ObserveOurs(h), () => IncProm(pc), () => ObserveProm(ph)];
            for (int round = 0; round < ContentionRounds; round++)
            {
                for (int k = 0; k < work.Length; k++)
                {
                    Action action = work[k];
                    times[k] = Math.Min(times[k], Time(() => runner.Run(action)));
                }
            }

            if (threads == 1)
            {
                oneInc = times[0];
                oneObserve = times[1];
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {threads} | {times[0]:0.000} ns | {times[0] / oneInc:0.00}x | {times[1]:0.000} ns | {times[1] / oneObserve:0.00}x | {times[2]:0.000} ns | {times[3]:0.000} ns |"));
        }

        return 0;
    }

    private static void Print(string name, double ours, double prom) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ours:0.000} ns | {prom:0.000} ns | {ours / prom:0.00}x |"));

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / OpsPerRound;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void IncOurs(Counter counter)
    {
        for (int i = 0; i < OpsPerRound; i++)
        {
            counter.Inc();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void IncProm(Prom.Counter counter)
    {
        for (int i = 0; i < OpsPerRound; i++)
        {
            counter.Inc();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ObserveOurs(Histogram histogram)
    {
        double[] values = s_values;
        for (int i = 0; i < OpsPerRound; i++)
        {
            histogram.Observe(values[i & (values.Length - 1)]);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ObserveProm(Prom.Histogram histogram)
    {
        double[] values = s_values;
        for (int i = 0; i < OpsPerRound; i++)
        {
            histogram.Observe(values[i & (values.Length - 1)]);
        }
    }

    private static double[] CreateValues()
    {
        var random = new Random(7);
        var values = new double[1024];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() * 1200;
        }

        return values;
    }
}
