using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

/// <content>Issue 8: concurrent and pipelined scrapes share one render, and idle connections keep no scrape buffers.</content>
public sealed partial class MetricsServerTests
{
    [Fact]
    public async Task Get_EightConcurrentScrapes_OneRenderSharedByAll()
    {
        byte[] body = Encoding.ASCII.GetBytes(new string('x', 100_000) + "\n");
        var source = new GatedExposition(body);
        await using var server = StartServer(source);
        var clients = new List<RawHttpClient>();
        try
        {
            for (int i = 0; i < 8; i++)
            {
                RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
                clients.Add(client);
                await client.SendAsync(Scrape);
            }

            // One render is held at the gate; the other seven join it rather than start their own.
            await WaitUntilAsync(() => server.Renderer.SharedCount == 7);
            source.Open();
            foreach (RawHttpClient client in clients)
            {
                RawHttpResponse response = await client.ReadResponseAsync();
                Assert.Equal(200, response.StatusCode);
                Assert.Equal(body, response.Body);
            }

            Assert.Equal(1, source.Renders);
            Assert.Equal(1, source.Entered);
            Assert.Equal(1, server.Renderer.RenderCount);
            Assert.Equal(8, server.ScrapeCount);
        }
        finally
        {
            foreach (RawHttpClient client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Get_FiftyPipelinedScrapesInOnePacket_OneRenderAnswersAllInOrder()
    {
        var source = new GatedExposition("x 1\n"u8.ToArray(), open: true);
        await using var server = StartServer(source);
        using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
        var batch = new StringBuilder();
        for (int i = 0; i < 49; i++)
        {
            batch.Append(Scrape);
        }

        batch.Append("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        await client.SendAsync(batch.ToString());

        for (int i = 0; i < 49; i++)
        {
            RawHttpResponse response = await client.ReadResponseAsync();
            Assert.Equal(200, response.StatusCode);
            Assert.Equal("x 1\n", response.BodyText);
        }

        Assert.Equal("application/json; charset=utf-8", (await client.ReadResponseAsync()).Header("Content-Type"));
        Assert.Equal(1, source.Renders);
        Assert.Equal(49, server.ScrapeCount);
    }

    [Fact]
    public async Task Get_ExpositionThrows_EverySharerGets500AndClose()
    {
        await using var server = StartServer(new ThrowingExposition());
        using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
        await client.SendAsync(Scrape);

        RawHttpResponse response = await client.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 500 Internal Server Error", response.StatusLine);
        Assert.True(await client.WaitForCloseAsync());
        Assert.Equal(0, server.ScrapeCount);
    }

    [Fact]
    public async Task Idle_64ConnectionsAfterOneScrapeEach_ServerHoldsAtMostTwoScrapesAboveBaseline()
    {
        // About 1 MB of text, so a scrape-sized buffer per connection (64 MB) could not hide in the noise.
        var registry = new MetricRegistry();
        MetricFamily<Counter> wide = registry.CreateCounterFamily("test_memory_total", "Many series.", ["id"], cardinalityLimit: 20_000);
        for (int i = 0; i < 16_000; i++)
        {
            wide.WithLabels(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc(i);
        }

        int scrapeBytes = Encoding.UTF8.GetByteCount(new RegistryExposition(registry).WriteToString());
        await using var server = StartServer(new RegistryExposition(registry));
        byte[] scratch = new byte[2 * 1024 * 1024];
        using (Socket warm = ConnectBlocking(server.Port))
        {
            Assert.Equal(scrapeBytes, ScrapeBlocking(warm, scratch));
        }

        await WaitUntilAsync(() => server.ConnectionCount == 0);
        long baseline = SettledMemory();
        var idle = new List<Socket>();
        try
        {
            for (int i = 0; i < 64; i++)
            {
                Socket socket = ConnectBlocking(server.Port);
                idle.Add(socket);
                Assert.Equal(scrapeBytes, ScrapeBlocking(socket, scratch));
            }

            long held = SettledMemory() - baseline;

            Assert.Equal(64, server.ConnectionCount);
            Assert.True(held <= 2L * scrapeBytes, $"64 idle connections hold {held:N0} bytes; one scrape is {scrapeBytes:N0}");
            Assert.True(server.Renderer.RetainedBytes <= 2L * (scrapeBytes + (scrapeBytes / 8) + 4096), $"renderer keeps {server.Renderer.RetainedBytes:N0}");
        }
        finally
        {
            DisposeAll(idle);
        }
    }

    [Fact]
    public async Task SelfMetrics_Enabled_CountsResponsesRendersConnectionsAndRejections()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        var registry = new MetricRegistry();
        await using var server = StartServer(new RegistryExposition(registry), o =>
        {
            o.SelfMetrics = registry;
            o.BearerToken = "t";
        });
        const string Auth = "Authorization: Bearer t\r\n";
        using (RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port))
        {
            await client.SendAsync($"GET /metrics HTTP/1.1\r\nHost: x\r\n{Auth}\r\n");
            Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
            await client.SendAsync($"GET /nowhere HTTP/1.1\r\nHost: x\r\n{Auth}\r\n");
            Assert.Equal(404, (await client.ReadResponseAsync()).StatusCode);
        }

        using (RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port))
        {
            await client.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(401, (await client.ReadResponseAsync()).StatusCode);
        }

        await WaitUntilAsync(() => server.ConnectionCount == 0);
        string text = new RegistryExposition(registry).WriteToString();

        Assert.Contains("fastmetrics_http_requests_total{code=\"200\"} 1\n", text);
        Assert.Contains("fastmetrics_http_requests_total{code=\"404\"} 1\n", text);
        Assert.Contains("fastmetrics_http_requests_total{code=\"401\"} 1\n", text);
        Assert.Contains("fastmetrics_http_rejections_total{reason=\"not_found\"} 1\n", text);
        Assert.Contains("fastmetrics_http_rejections_total{reason=\"unauthorized\"} 1\n", text);
        Assert.Contains("fastmetrics_http_scrape_render_duration_seconds_count 1\n", text);
        Assert.Contains("fastmetrics_http_scrape_size_bytes_count 1\n", text);
        Assert.Contains("fastmetrics_http_open_connections 0\n", text);
        Assert.Contains("fastmetrics_http_evictions_total{reason=\"connection_limit\"} 0\n", text);
        Assert.Contains("fastmetrics_http_accept_errors_total 0\n", text);
        Assert.DoesNotContain("fastmetrics_http_", host.Exposition.WriteToString());
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Socket ConnectBlocking(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000, SendTimeout = 10_000 };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    /// <summary>One keep-alive scrape through a caller-owned buffer, so 64 clients cost no per-client buffer in the measurement.</summary>
    private static int ScrapeBlocking(Socket socket, byte[] scratch)
    {
        socket.Send(Encoding.ASCII.GetBytes(Scrape));
        int received = 0;
        int headEnd;
        while ((headEnd = scratch.AsSpan(0, received).IndexOf("\r\n\r\n"u8)) < 0)
        {
            received += ReceiveOrThrow(socket, scratch, received);
        }

        ReadOnlySpan<byte> head = scratch.AsSpan(0, headEnd);
        int at = head.IndexOf("Content-Length: "u8);
        int length = -1;
        Assert.True(at >= 0 && Utf8Parser.TryParse(head[(at + 16)..], out length, out _));
        while (received < headEnd + 4 + length)
        {
            received += ReceiveOrThrow(socket, scratch, received);
        }

        return length;
    }

    private static int ReceiveOrThrow(Socket socket, byte[] scratch, int offset)
    {
        int n = socket.Receive(scratch, offset, scratch.Length - offset, SocketFlags.None);
        return n > 0 ? n : throw new InvalidOperationException("Closed mid-response.");
    }

    private sealed class ThrowingExposition : IExpositionSource
    {
        public void WriteTo(System.Buffers.IBufferWriter<byte> output, ExpositionFormat format) => throw new InvalidOperationException("broken");
    }
}
