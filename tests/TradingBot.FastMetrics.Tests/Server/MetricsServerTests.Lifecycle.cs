using System;
using System.Net.Sockets;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

/// <content>Connection limits, timeouts, resets, stop and restart, and bind failures.</content>
public sealed partial class MetricsServerTests
{
    private static readonly TimeSpan s_shortTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Connect_OverConnectionLimitAllBusy_Returns503AndCloses()
    {
        // Issue 8: over the limit the newcomer is admitted by evicting an idle connection; 503 is left
        // only for when every connection has a request in progress (here: two scrapes held at a gate).
        var source = new GatedExposition("x 1\n"u8.ToArray());
        await using var server = StartServer(source, o => o.MaxConnections = 2);
        using RawHttpClient first = await RawHttpClient.ConnectAsync(server.Port);
        using RawHttpClient second = await RawHttpClient.ConnectAsync(server.Port);
        await first.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        await second.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: application/openmetrics-text\r\n\r\n");
        await WaitUntilAsync(() => source.Entered == 2);

        using RawHttpClient third = await RawHttpClient.ConnectAsync(server.Port);
        RawHttpResponse response = await third.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 503 Service Unavailable", response.StatusLine);
        Assert.Equal("close", response.Header("Connection"));
        Assert.Equal("1", response.Header("Retry-After"));
        Assert.True(await third.WaitForCloseAsync());
        Assert.Equal(1, server.RejectedConnectionCount);
        Assert.Equal(0, server.EvictedConnectionCount);

        source.Open();
        Assert.Equal(200, (await first.ReadResponseAsync()).StatusCode);
        Assert.Equal(200, (await second.ReadResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Connect_SlowHeaders_ClosedAfterHeaderTimeout()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o => o.HeaderTimeout = s_shortTimeout);
        using RawHttpClient slow = await host.ConnectAsync();

        // Slowloris: a byte every 50 ms never completes the head; the clock is not extended by it.
        await slow.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n");
        bool closed = false;
        for (int i = 0; i < 100 && !closed; i++)
        {
            try
            {
                await slow.SendAsync("X");
            }
            catch (SocketException)
            {
                closed = true;
            }

            await Task.Delay(50);
            closed |= host.Server.ConnectionCount == 0;
        }

        Assert.True(await slow.WaitForCloseAsync());
    }

    [Fact]
    public async Task Connect_SilentClient_ClosedAfterHeaderTimeout()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o => o.HeaderTimeout = s_shortTimeout);
        using RawHttpClient silent = await host.ConnectAsync();

        Assert.True(await silent.WaitForCloseAsync());
    }

    [Fact]
    public async Task Connect_IdleKeepAlive_ClosedAfterKeepAliveTimeout()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o => o.KeepAliveTimeout = s_shortTimeout);
        using RawHttpClient idle = await host.ConnectAsync();

        await idle.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await idle.ReadResponseAsync()).StatusCode);

        Assert.True(await idle.WaitForCloseAsync());
    }

    [Fact]
    public async Task Connect_ClientResetsMidRequestAndMidResponse_OthersUnaffected()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        MetricFamily<Counter> wide = host.Registry.CreateCounterFamily("test_wide_total", "Many series, for a big response.", ["id"]);
        for (int i = 0; i < 20_000; i++)
        {
            wide.WithLabels(i.ToString()).Inc();
        }

        using RawHttpClient midRequest = await host.ConnectAsync();
        await midRequest.SendAsync("GET /metrics HTTP/1.1\r\nHo");
        midRequest.Reset();
        using RawHttpClient midResponse = await host.ConnectAsync();
        await midResponse.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        midResponse.Reset();

        using RawHttpClient healthy = await host.ConnectAsync();
        await healthy.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttpResponse response = await healthy.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(host.Exposition.WriteToString(ExpositionFormat.PrometheusText), response.BodyText);
        for (int i = 0; i < 200 && host.Server.ConnectionCount > 1; i++)
        {
            await Task.Delay(25);
        }

        Assert.Equal(1, host.Server.ConnectionCount);
    }

    [Fact]
    public async Task Connect_GarbageFromManyClients_ServerKeepsServing()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o => o.HeaderTimeout = TimeSpan.FromSeconds(1));
        var random = new Random(1234);
        var clients = new Task[32];
        for (int c = 0; c < clients.Length; c++)
        {
            byte[] garbage = new byte[random.Next(1, 20_000)];
            random.NextBytes(garbage);
            bool reset = c % 2 == 0;
            clients[c] = Task.Run(async () =>
            {
                using RawHttpClient client = await host.ConnectAsync();
                try
                {
                    await client.SendAsync(garbage);
                    if (reset)
                    {
                        client.Reset();
                        return;
                    }

                    await client.WaitForCloseAsync();
                }
                catch (SocketException)
                {
                    // The server may close on the first bad byte, before all garbage is sent.
                }
            });
        }

        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));
        using RawHttpClient healthy = await host.ConnectAsync();
        await healthy.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(200, (await healthy.ReadResponseAsync()).StatusCode);
        Assert.True(host.Server.IsRunning);
    }

    [Fact]
    public async Task StopAsync_WithOpenConnections_ClosesThemAndReturns()
    {
        MetricsServerHarness host = MetricsServerHarness.Start();
        using RawHttpClient idle = await host.ConnectAsync();
        await idle.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        await idle.ReadResponseAsync();
        using RawHttpClient partial = await host.ConnectAsync();
        await partial.SendAsync("GET /metrics HTTP/1.1\r\n");
        using RawHttpClient silent = await host.ConnectAsync();

        await host.Server.StopAsync().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(host.Server.IsRunning);
        Assert.Equal(0, host.Server.ConnectionCount);
        Assert.True(await idle.WaitForCloseAsync());
        Assert.True(await partial.WaitForCloseAsync());
        Assert.True(await silent.WaitForCloseAsync());
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Start_StopThenStartOnSamePort_ServesAgain()
    {
        int port;
        await using (MetricsServerHarness first = MetricsServerHarness.Start())
        {
            port = first.Port;
            using RawHttpClient client = await first.ConnectAsync();
            await client.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        }

        await using MetricsServerHarness second = MetricsServerHarness.Start(o => o.Port = port);
        Assert.Equal(port, second.Port);
        using RawHttpClient again = await second.ConnectAsync();
        await again.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await again.ReadResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Start_Twice_Throws()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();

        Assert.Throws<InvalidOperationException>(host.Server.Start);
    }

    [Fact]
    public async Task Start_PortTaken_ThrowsNamingHostAndPortAndRecordingContinues()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        MetricRegistry registry = MetricsServerHarness.CreateSampleRegistry();
        using var second = new MetricsServer(new RegistryExposition(registry), new MetricsServerOptions { Host = "127.0.0.1", Port = host.Port });

        MetricsServerBindException error = Assert.Throws<MetricsServerBindException>(second.Start);

        Assert.Contains($"127.0.0.1:{host.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
        Assert.Equal(host.Port, error.Port);
        Assert.IsType<SocketException>(error.InnerException);
        Counter counter = registry.CreateCounter("test_after_failure_total", "Recorded after the bind failure.");
        counter.Inc();
        Assert.Equal(1, counter.Value);
    }

    [Fact]
    public void Start_StaticConvenienceOnTakenPort_ThrowsNamingHostAndPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen();
        int port = ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port;

        MetricsServerBindException error = Assert.Throws<MetricsServerBindException>(
            () => MetricsServer.Start(new RegistryExposition(new MetricRegistry()), port, "localhost"));

        Assert.Contains($"localhost:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_AddressNotOnThisMachine_ThrowsNamingIt()
    {
        using var server = new MetricsServer(new RegistryExposition(new MetricRegistry()), new MetricsServerOptions { Host = "192.0.2.1", Port = 0 });

        MetricsServerBindException error = Assert.Throws<MetricsServerBindException>(server.Start);

        Assert.Contains("192.0.2.1:0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("*")]
    public void Start_AnyAddressWithoutOptIn_Throws(string hostName)
    {
        using var server = new MetricsServer(new RegistryExposition(new MetricRegistry()), new MetricsServerOptions { Host = hostName, Port = 0 });

        ArgumentException error = Assert.Throws<ArgumentException>(server.Start);

        Assert.Contains("AllowBindToAnyAddress", error.Message, StringComparison.Ordinal);
        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task Start_Default_BindsLoopback()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o => o.Host = "localhost");

        Assert.True(System.Net.IPAddress.IsLoopback(host.Server.EndPoint!.Address));
    }
}
