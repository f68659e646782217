using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

/// <content>Issue 8: floods of idle, trickling and keep-alive connections never lock a legitimate scrape out.</content>
public sealed partial class MetricsServerTests
{
    internal const string Scrape = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";

    // Well under the 10 s header timeout: a scrape answered within this was admitted at once, not
    // after the flood timed out. It bounds the test, it does not measure speed.
    private static readonly TimeSpan s_admitted = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Flood_ThousandSilentConnections_ScrapeGets200AndFullBody()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        List<Socket> flood = await ConnectSilentAsync(host.Port, 1000);
        try
        {
            using RawHttpClient client = await host.ConnectAsync();
            await client.SendAsync(Scrape);
            RawHttpResponse response = await client.ReadResponseAsync(timeout: s_admitted);

            Assert.Equal(200, response.StatusCode);
            Assert.Equal(host.Exposition.WriteToString(), response.BodyText);
            Assert.Equal(0, host.Server.RejectedConnectionCount);
            Assert.True(host.Server.EvictedConnectionCount >= 1000 - 256 + 1, $"evicted {host.Server.EvictedConnectionCount}");
            Assert.True(host.Server.ConnectionCount <= 256);
        }
        finally
        {
            DisposeAll(flood);
        }
    }

    [Theory]
    [InlineData(256)]
    [InlineData(64)]
    public async Task Flood_200SlowlorisConnections_ScrapeGets200AndFullBody(int maxConnections)
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o => o.MaxConnections = maxConnections);
        List<Socket> flood = await ConnectSilentAsync(host.Port, 200);
        using var stop = new CancellationTokenSource();
        Task trickle = TrickleAsync(flood, stop.Token);
        try
        {
            await Task.Delay(300);
            using RawHttpClient client = await host.ConnectAsync();
            await client.SendAsync(Scrape);
            RawHttpResponse response = await client.ReadResponseAsync(timeout: s_admitted);

            Assert.Equal(200, response.StatusCode);
            Assert.Equal(host.Exposition.WriteToString(), response.BodyText);
            Assert.Equal(0, host.Server.RejectedConnectionCount);
        }
        finally
        {
            await stop.CancelAsync();
            await trickle;
            DisposeAll(flood);
        }
    }

    [Theory]
    [InlineData(256)]
    [InlineData(64)]
    public async Task Flood_200KeepAliveAfterIndexOr401_ScrapeGets200AndFullBody(int maxConnections)
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o =>
        {
            o.MaxConnections = maxConnections;
            o.BearerToken = "s3cret";
        });
        var flood = new List<RawHttpClient>();
        try
        {
            for (int i = 0; i < 200; i++)
            {
                RawHttpClient idle = await host.ConnectAsync();
                flood.Add(idle);
                await idle.SendAsync(i % 2 == 0 ? "GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\n\r\n" : "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttpResponse first = await idle.ReadResponseAsync();
                Assert.Equal(i % 2 == 0 ? 200 : 401, first.StatusCode);
            }

            using RawHttpClient client = await host.ConnectAsync();
            await client.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\n\r\n");
            RawHttpResponse response = await client.ReadResponseAsync(timeout: s_admitted);

            Assert.Equal(200, response.StatusCode);
            Assert.Equal(host.Exposition.WriteToString(), response.BodyText);
            Assert.Equal(0, host.Server.RejectedConnectionCount);

            // The 401s close their connections (after a bounded linger for the client's FIN); only the
            // 100 authenticated index requests and the scrape may stay.
            await WaitUntilAsync(() => host.Server.ConnectionCount <= Math.Min(maxConnections, 101));
        }
        finally
        {
            foreach (RawHttpClient idle in flood)
            {
                idle.Dispose();
            }
        }
    }

    [Fact]
    public async Task Connect_AtLimit_EvictsLongestIdleWithoutRequestInProgress()
    {
        var source = new GatedExposition("x 1\n"u8.ToArray());
        await using var server = StartServer(source, o => o.MaxConnections = 3);

        // busy: accepted first (oldest), but its scrape is held in progress at the gate.
        using RawHttpClient busy = await RawHttpClient.ConnectAsync(server.Port);
        await busy.SendAsync(Scrape);
        await WaitUntilAsync(() => source.Entered == 1);
        await Task.Delay(30);
        using RawHttpClient silent = await RawHttpClient.ConnectAsync(server.Port);
        await Task.Delay(30);
        using RawHttpClient answered = await RawHttpClient.ConnectAsync(server.Port);
        await answered.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await answered.ReadResponseAsync()).StatusCode);
        await Task.Delay(30);

        // Fourth: the silent connection is the longest idle one that is not busy.
        using RawHttpClient fourth = await RawHttpClient.ConnectAsync(server.Port);
        Assert.True(await silent.WaitForCloseAsync());
        await fourth.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await fourth.ReadResponseAsync()).StatusCode);

        // Fifth: next is the connection that was answered before the fourth one was.
        using RawHttpClient fifth = await RawHttpClient.ConnectAsync(server.Port);
        Assert.True(await answered.WaitForCloseAsync());
        await fifth.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await fifth.ReadResponseAsync()).StatusCode);

        source.Open();
        Assert.Equal(200, (await busy.ReadResponseAsync()).StatusCode);
        Assert.Equal(2, server.EvictedConnectionCount);
        Assert.Equal(0, server.RejectedConnectionCount);
    }

    [Fact]
    public async Task Connect_HeadOneBytePerRead_Gets408AfterMaxReads()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o => o.MaxRequestHeadReads = 8);
        using RawHttpClient client = await host.ConnectAsync();
        byte[] request = Encoding.ASCII.GetBytes(Scrape);

        int sent = 0;
        for (; sent < 9; sent++)
        {
            await client.SendAsync([request[sent]]);
            await Task.Delay(20);
        }

        RawHttpResponse response = await client.ReadResponseAsync();
        Assert.Equal("HTTP/1.1 408 Request Timeout", response.StatusLine);
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await client.WaitForCloseAsync());
        Assert.Equal(0, host.Server.ScrapeCount);
    }

    [Fact]
    public async Task AcceptLoop_InjectedFailure_CountedReportedAndKeepsAccepting()
    {
        var reported = new List<Exception>();
        await using MetricsServerHarness host = MetricsServerHarness.Start(o => o.AcceptErrorHandler = ex =>
        {
            lock (reported)
            {
                reported.Add(ex);
            }
        });
        int calls = 0;
        host.Server.AcceptedHook = _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("injected");
            }
        };

        using RawHttpClient failed = await host.ConnectAsync();
        Assert.True(await failed.WaitForCloseAsync());
        using RawHttpClient client = await host.ConnectAsync();
        await client.SendAsync(Scrape);

        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        Assert.Equal(1, host.Server.AcceptErrorCount);
        Assert.True(host.Server.IsRunning);
        lock (reported)
        {
            Assert.Equal("injected", Assert.Single(reported).Message);
        }
    }

    [Fact]
    public async Task AcceptLoop_ListenerGone_IsRunningTurnsFalse()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        Assert.True(host.Server.IsRunning);

        host.Server.Listener!.Dispose();

        // Bounded wait for the loop to notice; no timing is asserted, only that it ends.
        for (int i = 0; i < 500 && host.Server.IsRunning; i++)
        {
            await Task.Delay(10);
        }

        Assert.False(host.Server.IsRunning);
    }

    internal static MetricsServer StartServer(IExpositionSource source, Action<MetricsServerOptions>? configure = null)
    {
        var options = new MetricsServerOptions { Host = "127.0.0.1", Port = 0, Health = new HealthRegistry() };
        configure?.Invoke(options);
        var server = new MetricsServer(source, options);
        server.Start();
        return server;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(RawHttpClient.DefaultTimeout);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private static async Task<List<Socket>> ConnectSilentAsync(int port, int count)
    {
        var sockets = new List<Socket>(count);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (int i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            sockets.Add(socket);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        }

        return sockets;
    }

    /// <summary>Sends one byte of an endless header line on every socket every 100 ms, ignoring the ones the server closed.</summary>
    private static async Task TrickleAsync(List<Socket> sockets, CancellationToken stop)
    {
        byte[] start = Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nX-Slow: ");
        foreach (Socket socket in sockets)
        {
            TrySend(socket, start);
        }

        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (Socket socket in sockets)
                {
                    TrySend(socket, "a"u8.ToArray());
                }

                await Task.Delay(100, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the test.
        }
    }

    private static void TrySend(Socket socket, byte[] bytes)
    {
        try
        {
            socket.Send(bytes, SocketFlags.None);
        }
        catch (SocketException)
        {
            // Evicted or closed by the server: that is allowed.
        }
    }

    internal static void DisposeAll(List<Socket> sockets)
    {
        foreach (Socket socket in sockets)
        {
            socket.Dispose();
        }
    }
}
