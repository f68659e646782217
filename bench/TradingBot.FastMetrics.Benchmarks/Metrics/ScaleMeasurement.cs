using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Native;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>
/// <c>measure scale</c>: 10,000 labeled counters and 1,000 labeled ten-bucket histograms, every series written
/// by each of T dedicated threads, then the heap the registry holds and the time of a scrape into a reused
/// buffer; ours and prometheus-net 8.2.1 in the same process, T in 1, 4, 16, 64.
/// </summary>
/// <remarks>
/// BenchmarkDotNet measures allocation, not what stays reachable, so this is a command of its own. Heap is
/// the <see cref="GC.GetTotalMemory(bool)"/> delta (full collection) from before the registry was made to
/// after every writer thread has finished; the handles array is counted for both libraries. Each thread makes
/// <see cref="DefaultPasses"/> passes (or the count given after <c>scale</c>) over all series, starting at its own offset so threads do not move in lockstep;
/// every pass is one <c>Inc()</c> per counter and one <c>Observe</c> per histogram. Scrape time is the median
/// of <see cref="Scrapes"/> scrapes after <see cref="WarmUpScrapes"/> warm-up scrapes. A second table gives
/// the heap, rows and count slots per native-only histogram series at the same T (ours only).
/// </remarks>
public static class ScaleMeasurement
{
    public const int CounterFamilies = 10;
    public const int CountersPerFamily = 1000;
    public const int Histograms = 1000;
    public const int DefaultPasses = 4;
    public const int WarmUpScrapes = 30;
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    public const int Scrapes = 31;

    private static readonly double[] s_bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private static readonly int[] s_threadCounts = [1, 4, 16, 64];
    private static int s_passes = DefaultPasses;

    public static int Run(int passes = DefaultPasses)
    {
        s_passes = passes;
        Console.WriteLine($"scale: {CounterFamilies * CountersPerFamily} counters + {Histograms} histograms (10 buckets), {s_passes} passes per thread, {Environment.ProcessorCount} cores, {Environment.Version}");
        // An untimed pass over every row first, so both libraries' scrape and record paths are past tiered JIT
        // warm-up: with one untimed row only, whichever row came first measured 0.3x where it measured 0.2x
        // second (tried in both orders), for both libraries' code.
        foreach (int threads in s_threadCounts)
        {
            MeasureOurs(threads, out _);
            MeasurePrometheusNet(threads);
        }

        Console.WriteLine("| T writers | our heap | prometheus-net heap | ratio | our scrape | prometheus-net scrape | ratio | our rows per series |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int threads in s_threadCounts)
        {
            (long ourHeap, double ourScrape) = MeasureOurs(threads, out double rows);
            (long promHeap, double promScrape) = MeasurePrometheusNet(threads);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {threads} | {ourHeap / 1e6:0.0} MB | {promHeap / 1e6:0.0} MB | {(double)ourHeap / promHeap:0.00}x | {ourScrape:0.00} ms | {promScrape:0.00} ms | {ourScrape / promScrape:0.00}x | {rows:0.00} |"));
        }

        // Native histograms: no other .NET library has them, so ours alone, per series.
        MeasureNative(4, out _, out _);
        Console.WriteLine($"native: {Histograms} native-only histograms (factor 1.1, schema 3), values over 80 buckets, {s_passes} passes per thread");
        Console.WriteLine("| T writers | heap per native series | rows per series | count slots per series |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (int threads in s_threadCounts)
        {
            long heap = MeasureNative(threads, out double rows, out double slots);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {threads} | {heap / (double)Histograms:0} B | {rows:0.00} | {slots:0.0} |"));
        }

        return 0;
    }

    private static long MeasureNative(int threads, out double rowsPerSeries, out double slotsPerSeries)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var registry = new MetricRegistry();
        MetricFamily<Histogram> family = registry.CreateNativeHistogramFamily(
            "scale_native_seconds", "Latency, by series.", ["series"], new NativeHistogramOptions { BucketFactor = 1.1 });
        var histograms = new Histogram[Histograms];
        for (int i = 0; i < Histograms; i++)
        {
            histograms[i] = family.WithLabels(Label(i));
        }

        RunWriters(threads, (offset, pass) =>
        {
            for (int k = 0; k < histograms.Length; k++)
            {
                // 0.001 to 1: about 80 buckets at schema 3, so every window holds a realistic spread.
                histograms[(k + offset) % histograms.Length].Observe(0.001 * (1 + (((k * 31) + offset + (pass * 7)) % 1000)));
            }
        });
        long heap = GC.GetTotalMemory(forceFullCollection: true) - before;
        long rows = 0, slots = 0;
        foreach (Histogram histogram in histograms)
        {
            rows += histogram.Native!.RowCount;
            slots += histogram.Native!.CountSlots;
        }

        rowsPerSeries = rows / (double)Histograms;
        slotsPerSeries = slots / (double)Histograms;
        GC.KeepAlive(histograms);
        return heap;
    }

    private static (long Heap, double ScrapeMs) MeasureOurs(int threads, out double rowsPerSeries)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var registry = new MetricRegistry();
        var counters = new Counter[CounterFamilies * CountersPerFamily];
        for (int f = 0; f < CounterFamilies; f++)
        {
            MetricFamily<Counter> family = registry.CreateCounterFamily("scale_orders_" + f + "_total", "Orders, by series.", ["series"]);
            for (int i = 0; i < CountersPerFamily; i++)
            {
                counters[(f * CountersPerFamily) + i] = family.WithLabels(Label(i));
            }
        }

        var histograms = new Histogram[Histograms];
        MetricFamily<Histogram> latency = registry.CreateHistogramFamily("scale_latency_seconds", "Latency, by series.", ["series"], s_bounds);
        for (int i = 0; i < Histograms; i++)
        {
            histograms[i] = latency.WithLabels(Label(i));
        }

        RunWriters(threads, (offset, pass) =>
        {
            for (int k = 0; k < counters.Length; k++)
            {
                counters[(k + offset) % counters.Length].Inc();
            }

            for (int k = 0; k < histograms.Length; k++)
            {
                histograms[(k + offset) % histograms.Length].Observe(Value(k, pass));
            }
        });
        long heap = GC.GetTotalMemory(forceFullCollection: true) - before;
        long rows = 0;
        foreach (Counter counter in counters)
        {
            rows += counter.Cells.RowCount;
        }

        foreach (Histogram histogram in histograms)
        {
            rows += histogram.Cells.RowCount;
        }

        rowsPerSeries = rows / (double)(counters.Length + histograms.Length);
        var exposition = new RegistryExposition(registry);
        using var buffer = new PooledBufferWriter(1 << 22);
        double scrape = MedianMs(() =>
        {
            buffer.Reset();
            exposition.WriteTo(buffer, ExpositionFormat.PrometheusText);
        });
        GC.KeepAlive(counters);
        GC.KeepAlive(histograms);
        return (heap, scrape);
    }

    private static (long Heap, double ScrapeMs) MeasurePrometheusNet(int threads)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        Prom.CollectorRegistry registry = Prom.Metrics.NewCustomRegistry();
        Prom.MetricFactory factory = Prom.Metrics.WithCustomRegistry(registry);
        var counters = new Prom.Counter.Child[CounterFamilies * CountersPerFamily];
        for (int f = 0; f < CounterFamilies; f++)
        {
            Prom.Counter family = factory.CreateCounter("scale_orders_" + f + "_total", "Orders, by series.", ["series"]);
            for (int i = 0; i < CountersPerFamily; i++)
            {
                counters[(f * CountersPerFamily) + i] = family.WithLabels(Label(i));
            }
        }

        var histograms = new Prom.Histogram.Child[Histograms];
        Prom.Histogram latency = factory.CreateHistogram("scale_latency_seconds", "Latency, by series.", ["series"], new Prom.HistogramConfiguration { Buckets = s_bounds });
        for (int i = 0; i < Histograms; i++)
        {
            histograms[i] = latency.WithLabels(Label(i));
        }

        RunWriters(threads, (offset, pass) =>
        {
            for (int k = 0; k < counters.Length; k++)
            {
                counters[(k + offset) % counters.Length].Inc();
            }

            for (int k = 0; k < histograms.Length; k++)
            {
                histograms[(k + offset) % histograms.Length].Observe(Value(k, pass));
            }
        });
        long heap = GC.GetTotalMemory(forceFullCollection: true) - before;

        using var stream = new MemoryStream(1 << 22);
        double scrape = MedianMs(() =>
        {
            stream.Position = 0;
            stream.SetLength(0);
            registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        });
        GC.KeepAlive(counters);
        GC.KeepAlive(histograms);
        return (heap, scrape);
    }

    // Each thread starts its passes at its own offset into the series, released together by a barrier.
    private static void RunWriters(int threads, Action<int, int> pass)
    {
        using var barrier = new Barrier(threads);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int offset = t * (CounterFamilies * CountersPerFamily / threads);
            workers[t] = new Thread(() =>
            {
                barrier.SignalAndWait();
                for (int p = 0; p < s_passes; p++)
                {
                    pass(offset, p);
                }
            });
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }
    }

    private static double MedianMs(Action scrape)
    {
        // At least WarmUpScrapes, and for at least WarmUp: tiered compilation promotes hot methods on a
        // background thread after a delay, so a count alone measured tier-0 code in whichever row ran first.
        long warmUpStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < WarmUpScrapes || Stopwatch.GetElapsedTime(warmUpStart) < WarmUp; i++)
        {
            scrape();
        }

        var times = new double[Scrapes];
        for (int i = 0; i < Scrapes; i++)
        {
            long start = Stopwatch.GetTimestamp();
            scrape();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[Scrapes / 2];
    }

    private static double Value(int series, int pass) => s_bounds[(series + pass) % s_bounds.Length] * 0.9;

    private static string Label(int i) => "s" + i.ToString(CultureInfo.InvariantCulture);
}
