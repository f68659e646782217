using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;

namespace TradingBot.FastMetrics.Benchmarks.Server;

/// <summary>
/// <c>measure flood</c>: a scrape's latency while an attacker holds 1,000 idle connections (connected, sending
/// nothing, and reconnecting whatever the server closes), for Prometheus-style keep-alive scrapes and for a
/// new connection per scrape, which must evict an idle one to get in.
/// </summary>
public static class FloodMeasurement
{
    private const int FloodSize = 1000;
    private const int Scrapes = 500;

    public static int Measure()
    {
        using var server = new MetricsServer(new RegistryExposition(LoadWorkload.CreateOurs()), new MetricsServerOptions { Host = "127.0.0.1", Port = 0 });
        server.Start();
        var endPoint = new IPEndPoint(IPAddress.Loopback, server.Port);
        using var stop = new CancellationTokenSource();
        var flood = new Socket?[FloodSize];
        Task attacker = Task.Run(() => HoldFloodAsync(endPoint, flood, stop.Token));
        try
        {
            // Let the flood fill the server first.
            Thread.Sleep(3000);
            Console.WriteLine($"flood held: {FloodSize} attacker sockets, server open connections {server.ConnectionCount} (MaxConnections 256), evicted so far {server.EvictedConnectionCount}");

            using (var keepAlive = new BlockingScrapeClient(server.Port))
            {
                Report("keep-alive scrapes on one connection", Time(keepAlive.Scrape));
            }

            Report("one new connection per scrape (admission evicts an idle one)", Time(() =>
            {
                using var fresh = new BlockingScrapeClient(server.Port);
                return fresh.Scrape();
            }));
            Console.WriteLine($"after: rejected {server.RejectedConnectionCount}, evicted {server.EvictedConnectionCount}, open {server.ConnectionCount}");
        }
        finally
        {
            stop.Cancel();
            attacker.GetAwaiter().GetResult();
            foreach (Socket? socket in flood)
            {
                socket?.Dispose();
            }
        }

        return 0;
    }

    private static double[] Time(Func<int> scrape)
    {
        for (int i = 0; i < 20; i++)
        {
            scrape();
        }

        var ms = new double[Scrapes];
        for (int i = 0; i < Scrapes; i++)
        {
            long start = Stopwatch.GetTimestamp();
            if (scrape() < 100_000)
            {
                throw new InvalidOperationException("Incomplete scrape body.");
            }

            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(ms);
        return ms;
    }

    private static void Report(string what, double[] sorted) =>
        Console.WriteLine($"scrape latency, {what}, {sorted.Length} scrapes under the flood: p50 {sorted[sorted.Length / 2]:0.000} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:0.000} ms, max {sorted[^1]:0.000} ms");

    /// <summary>Keeps <paramref name="flood"/> full of connected, silent sockets, replacing any the server closed.</summary>
    private static async Task HoldFloodAsync(IPEndPoint endPoint, Socket?[] flood, CancellationToken stop)
    {
        byte[] probe = new byte[1];
        while (!stop.IsCancellationRequested)
        {
            for (int i = 0; i < flood.Length && !stop.IsCancellationRequested; i++)
            {
                Socket? socket = flood[i];
                if (socket is not null && !(socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0))
                {
                    continue;
                }

                socket?.Dispose();
                var fresh = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await fresh.ConnectAsync(endPoint, stop).ConfigureAwait(false);
                    flood[i] = fresh;
                }
                catch (Exception)
                {
                    fresh.Dispose();
                    flood[i] = null;
                }
            }

            try
            {
                await Task.Delay(50, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
