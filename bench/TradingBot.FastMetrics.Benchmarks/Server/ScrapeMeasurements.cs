using System;
using System.Diagnostics;
using System.Threading;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;

namespace TradingBot.FastMetrics.Benchmarks.Server;

/// <summary>
/// <c>measure alloc</c>: steady-state bytes allocated per scrape (GC.GetTotalAllocatedBytes delta over N scrapes / N).
/// <c>measure recorder</c>: a recording thread's latency percentiles idle vs while scrapes run back-to-back,
/// with a control phase that scrapes a registry the recorder does not write.
/// </summary>
public static class ScrapeMeasurements
{
    private const string Gzip = "Accept-Encoding: gzip\r\nAccept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5\r\n";

    public static int MeasureAllocation()
    {
        MetricRegistry registry = LoadWorkload.CreateOurs();
        var exposition = new RegistryExposition(registry);
        using (var buffer = new PooledBufferWriter())
        {
            for (int i = 0; i < 200; i++)
            {
                buffer.Reset();
                exposition.WriteTo(buffer, ExpositionFormat.PrometheusText);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                buffer.Reset();
                exposition.WriteTo(buffer, ExpositionFormat.PrometheusText);
            }

            Console.WriteLine($"render only (RegistryExposition into a reused PooledBufferWriter): {(GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0:0.0} bytes/render, {buffer.WrittenCount} bytes of text");
        }

        using var server = new MetricsServer(exposition, new MetricsServerOptions { Host = "127.0.0.1", Port = 0 });
        server.Start();
        foreach ((string name, string headers) in new[] { ("identity, text 0.0.4", string.Empty), ("gzip, OpenMetrics", Gzip) })
        {
            using var client = new BlockingScrapeClient(server.Port, headers);
            int length = 0;
            for (int i = 0; i < 1000; i++)
            {
                length = client.Scrape();
            }

            const int Scrapes = 5000;
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < Scrapes; i++)
            {
                client.Scrape();
            }

            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Console.WriteLine($"server scrape ({name}, {length} bytes on the wire): {allocated / (double)Scrapes:0.0} bytes/scrape process-wide over {Scrapes} keep-alive scrapes");
        }

        return 0;
    }

    public static int MeasureRecorder()
    {
        MetricRegistry registry = LoadWorkload.CreateOurs();
        Histogram histogram = registry.CreateHistogram("bench_record_seconds", "Recorded by the latency probe.", LoadWorkload.Bounds);
        Counter counter = registry.CreateCounter("bench_record_total", "Recorded by the latency probe.");
        using var server = new MetricsServer(new RegistryExposition(registry), new MetricsServerOptions { Host = "127.0.0.1", Port = 0 });
        server.Start();

        // The control: the same server work and CPU load, over a registry the recorder does not write. It
        // separates what the scrape's reads of the recorder's own cache lines cost from what sharing 2
        // cores with the server and the client costs.
        using var control = new MetricsServer(new RegistryExposition(LoadWorkload.CreateOurs()), new MetricsServerOptions { Host = "127.0.0.1", Port = 0 });
        control.Start();

        // Phases are interleaved over several rounds and their samples pooled: this machine's background
        // noise comes and goes by the second, and a phase run once could land in a quiet or a loud spell.
        (string Name, string? Headers, int Port, TimeSpan Pause)[] phases =
        [
            ("idle", null, server.Port, TimeSpan.Zero),
            ("under back-to-back scrapes (identity)", string.Empty, server.Port, TimeSpan.Zero),
            ("control: back-to-back scrapes of another registry (identity)", string.Empty, control.Port, TimeSpan.Zero),
            ("under back-to-back scrapes (gzip+OpenMetrics)", Gzip, server.Port, TimeSpan.Zero),
            ("under 100 scrapes/s (gzip+OpenMetrics)", Gzip, server.Port, TimeSpan.FromMilliseconds(10)),
        ];
        const int Rounds = 4;
        TimeSpan slice = TimeSpan.FromSeconds(1.5);
        var counts = new LatencyCounts[phases.Length];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = new LatencyCounts();
        }

        // Round -1 is warm-up, discarded: the recorder loop's first seconds include its tier-up by the JIT.
        var discarded = new LatencyCounts();
        for (int round = -1; round < Rounds; round++)
        {
            for (int i = 0; i < phases.Length; i++)
            {
                Record(round < 0 ? discarded : counts[i], histogram, counter, slice, phases[i].Headers, phases[i].Port, phases[i].Pause);
            }
        }

        double idle = counts[0].PercentileNs(0.999);
        for (int i = 0; i < phases.Length; i++)
        {
            Report(phases[i].Name, counts[i], idle);
        }

        return 0;
    }

    private static void Record(LatencyCounts counts, Histogram histogram, Counter counter, TimeSpan duration, string? scrapeHeaders, int port, TimeSpan pause)
    {
        using var stop = new CancellationTokenSource();
        long scrapes = 0;
        Thread? scraper = null;
        if (scrapeHeaders is not null)
        {
            scraper = new Thread(() =>
            {
                using var client = new BlockingScrapeClient(port, scrapeHeaders);

                // Counted in a local and published once: a shared counter bumped per scrape could sit on a
                // cache line next to the recorder's own counts and add misses that are the harness's, not ours.
                long done = 0;
                while (!stop.IsCancellationRequested)
                {
                    client.Scrape();
                    done++;
                    if (pause > TimeSpan.Zero)
                    {
                        Thread.Sleep(pause);
                    }
                }

                Volatile.Write(ref scrapes, done);
            }) { IsBackground = true, Name = "scrape loop" };
            scraper.Start();
            Thread.Sleep(200);
        }

        var recorder = new Thread(() =>
        {
            long end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            double value = 0.001;
            while (true)
            {
                long start = Stopwatch.GetTimestamp();
                if (start >= end)
                {
                    break;
                }

                histogram.Observe(value);
                counter.Inc();
                counts.Add(Stopwatch.GetTimestamp() - start);
                value = value > 5 ? 0.001 : value * 1.7;
            }
        }) { Name = "recorder" };
        recorder.Start();
        recorder.Join();
        stop.Cancel();
        scraper?.Join();
        counts.Scrapes += scrapes;
    }

    private static void Report(string phase, LatencyCounts counts, double idleP999) =>
        Console.WriteLine(
            $"recorder {phase}: {counts.Total} ops, p50 {counts.PercentileNs(0.50):0} ns, p99 {counts.PercentileNs(0.99):0} ns, " +
            $"p99.9 {counts.PercentileNs(0.999):0} ns ({counts.PercentileNs(0.999) / idleP999:0.0}x idle), " +
            $"p99.99 {counts.PercentileNs(0.9999):0} ns, max {counts.MaxNs:0} ns" +
            (counts.Scrapes > 0 ? $", {counts.Scrapes} scrapes meanwhile" : string.Empty));

    /// <summary>Latency counts in 1-tick buckets up to 1 ms and one overflow bucket: unbounded samples, no allocation while recording.</summary>
    private sealed class LatencyCounts
    {
        private readonly long[] _counts = new long[(int)(Stopwatch.Frequency / 1000) + 1];

        public long Total { get; private set; }

        public long Scrapes { get; set; }

        public double MaxNs { get; private set; }

        public void Add(long ticks)
        {
            _counts[Math.Min(ticks, _counts.Length - 1)]++;
            Total++;
            double ns = ticks * 1e9 / Stopwatch.Frequency;
            if (ns > MaxNs)
            {
                MaxNs = ns;
            }
        }

        public double PercentileNs(double quantile)
        {
            long rank = (long)Math.Ceiling(quantile * Total);
            long seen = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                seen += _counts[i];
                if (seen >= rank)
                {
                    return i * 1e9 / Stopwatch.Frequency;
                }
            }

            return MaxNs;
        }
    }
}
