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
        Assert.Contains("fastmetrics_http_accept_failures_total 0\n", text);
        Assert.DoesNotContain("fastmetrics_http_", host.Exposition.WriteToString());
    }

    private sealed class ThrowingExposition : IExpositionSource
    {
        public void WriteTo(System.Buffers.IBufferWriter<byte> output, ExpositionFormat format) => throw new InvalidOperationException("broken");
    }
}
