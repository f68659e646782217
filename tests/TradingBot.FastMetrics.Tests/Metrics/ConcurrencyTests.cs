using System;
using System.Collections.Generic;
using System.Threading;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Cells;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class ConcurrencyTests
{
    private const int Threads = 4;
    private const int PerThread = 100_000;
    private const int Symbols = 8;
    private static readonly double[] s_bounds = [1, 2, 5, 10];

    [Fact]
    public void RecordWhileScraping_TotalsExact_ScrapesConsistentAndMonotonic()
    {
        var registry = new MetricRegistry();
        Counter total = registry.CreateCounter("ops_total", "Ops.");
        Histogram latency = registry.CreateHistogram("lat", "Latency.", s_bounds);
        MetricFamily<Counter> bySymbol = registry.CreateCounterFamily("sym_total", "By symbol.", ["symbol"]);
        MetricFamily<Histogram> latencyBySymbol = registry.CreateHistogramFamily("sym_lat", "By symbol.", ["symbol"], s_bounds);

        using var barrier = new Barrier(Threads + 1);
        var writers = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            writers[t] = new Thread(() =>
            {
                barrier.SignalAndWait();
                for (int i = 0; i < PerThread; i++)
                {
                    total.Inc();
                    latency.Observe(i % 12);

                    // Series are created by whichever thread gets there first, while others record.
                    string symbol = "S" + (i % Symbols);
                    bySymbol.WithLabels(symbol).Inc();
                    latencyBySymbol.WithLabels(symbol).Observe(i % 12);
                }
            });
            writers[t].Start();
        }

        int scrapes = 0;
        var previous = new Dictionary<string, double>();
        barrier.SignalAndWait();
        while (Array.Exists(writers, w => w.IsAlive) || scrapes < 3)
        {
            CheckScrape(ExpositionParser.Parse(Scrape.Text(registry)), previous);
            scrapes++;
        }

        foreach (Thread writer in writers)
        {
            writer.Join();
        }

        CheckScrape(ExpositionParser.Parse(Scrape.Text(registry)), previous);

        // i % 12 over PerThread values: 0..11 each PerThread/12 times, plus the remainder 0..3.
        long n = (long)Threads * PerThread;
        Assert.Equal(n, total.Value);
        Assert.Equal(n, latency.Count);
        var buckets = new long[s_bounds.Length + 1];
        latency.ReadBuckets(buckets);
        long[] expected = ExpectedBuckets(PerThread);
        for (int b = 0; b < buckets.Length; b++)
        {
            Assert.Equal(expected[b] * Threads, buckets[b]);
        }

        Assert.Equal(ExpectedSum(PerThread) * Threads, latency.Sum);
        for (int s = 0; s < Symbols; s++)
        {
            Assert.Equal(n / Symbols, bySymbol.WithLabels("S" + s).Value);
            Assert.Equal(n / Symbols, latencyBySymbol.WithLabels("S" + s).Count);
        }

        Assert.True(scrapes >= 3);
    }

    [Fact]
    public void ThreadChurnWhileScraping_TotalsExact_ScrapesConsistent_RowsBounded()
    {
        const int Waves = 125;
        const int Alive = 8;
        const int PerThread = 500;
        var registry = new MetricRegistry();
        Counter total = registry.CreateCounter("ops_total", "Ops.");
        Histogram latency = registry.CreateHistogram("lat", "Latency.", s_bounds);
        var previous = new Dictionary<string, double>();

        // 1,000 short-lived threads, 8 alive at a time, scraped while they record; no forced GC.
        for (int wave = 0; wave < Waves; wave++)
        {
            var threads = new Thread[Alive];
            for (int t = 0; t < Alive; t++)
            {
                threads[t] = new Thread(() =>
                {
                    for (int i = 0; i < PerThread; i++)
                    {
                        total.Inc();
                        total.Add(0.5);
                        latency.Observe(i % 12);
                    }
                });
                threads[t].Start();
            }

            do
            {
                CheckScrape(ExpositionParser.Parse(Scrape.Text(registry)), previous);
            }
            while (Array.Exists(threads, t => t.IsAlive));

            foreach (Thread thread in threads)
            {
                thread.Join();
            }
        }

        CheckScrape(ExpositionParser.Parse(Scrape.Text(registry)), previous);
        int threadsRun = Waves * Alive;
        Assert.Equal(threadsRun * PerThread * 1.5, total.Value);
        Assert.Equal((long)threadsRun * PerThread, latency.Count);
        var buckets = new long[s_bounds.Length + 1];
        latency.ReadBuckets(buckets);
        long[] expected = ExpectedBuckets(PerThread);
        for (int b = 0; b < buckets.Length; b++)
        {
            Assert.Equal(expected[b] * threadsRun, buckets[b]);
        }

        Assert.Equal(ExpectedSum(PerThread) * threadsRun, latency.Sum);
        Assert.InRange(total.Cells.RowCount, 2, StripedCells.MaxRows);
        Assert.InRange(latency.Cells.RowCount, 2, StripedCells.MaxRows);
    }

    private static void CheckScrape(List<ParsedSample> samples, Dictionary<string, double> previous)
    {
        // Histogram self-consistency: cumulative buckets never decrease and +Inf equals _count.
        var lastBucket = new Dictionary<string, double>();
        var infBucket = new Dictionary<string, double>();
        foreach (ParsedSample sample in samples)
        {
            string series = SeriesKey(sample, skipLe: true);
            if (sample.Name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                if (lastBucket.TryGetValue(series, out double last))
                {
                    Assert.True(sample.Value >= last, $"bucket decreased within a scrape: {series}");
                }

                lastBucket[series] = sample.Value;
                if (sample.Label("le") == "+Inf")
                {
                    infBucket[series] = sample.Value;
                }
            }
            else if (sample.Name.EndsWith("_count", StringComparison.Ordinal))
            {
                string bucketSeries = sample.Name[..^"_count".Length] + "_bucket" + series[sample.Name.Length..];
                Assert.Equal(infBucket[bucketSeries], sample.Value);
            }

            // Counters and cumulative buckets never go down between scrapes.
            if (!sample.Name.EndsWith("_sum", StringComparison.Ordinal))
            {
                string key = SeriesKey(sample, skipLe: false);
                if (previous.TryGetValue(key, out double before))
                {
                    Assert.True(sample.Value >= before, $"{key} went from {before} to {sample.Value}");
                }

                previous[key] = sample.Value;
            }
        }
    }

    private static string SeriesKey(ParsedSample sample, bool skipLe)
    {
        string key = sample.Name;
        foreach (KeyValuePair<string, string> label in sample.Labels)
        {
            if (!(skipLe && label.Key == "le"))
            {
                key += "|" + label.Key + "=" + label.Value;
            }
        }

        return key;
    }

    private static long[] ExpectedBuckets(int count)
    {
        var buckets = new long[s_bounds.Length + 1];
        for (int i = 0; i < count; i++)
        {
            double v = i % 12;
            int b = 0;
            while (b < s_bounds.Length && v > s_bounds[b])
            {
                b++;
            }

            buckets[b]++;
        }

        return buckets;
    }

    private static double ExpectedSum(int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += i % 12;
        }

        return sum;
    }
}
