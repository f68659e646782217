using System;
using System.Text;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

/// <content>Raw-socket tests: bad input gets an exact status and a closed connection.</content>
public sealed partial class MetricsServerTests
{
    [Theory]
    [InlineData("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 404 Not Found")]
    [InlineData("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 405 Method Not Allowed")]
    [InlineData("DELETE /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 405 Method Not Allowed")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 400 Bad Request")]
    [InlineData("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 10\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\rX\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\0\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /metrics HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GARBAGE\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /metrics HTTP/3.0\r\nHost: x\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported")]
    public async Task Request_BadInput_ExactStatusAndClose(string request, string statusLine)
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        using RawHttpClient client = await host.ConnectAsync();

        await client.SendAsync(request);
        RawHttpResponse response = await client.ReadResponseAsync();

        Assert.Equal(statusLine, response.StatusLine);
        Assert.Equal("close", response.Header("Connection"));
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal(response.Body.Length.ToString(), response.Header("Content-Length"));
        if (response.StatusCode == 405)
        {
            Assert.Equal("GET, HEAD", response.Header("Allow"));
        }

        Assert.True(await client.WaitForCloseAsync());
        Assert.Equal(0, host.Server.ScrapeCount);
    }

    [Fact]
    public async Task Request_SmugglingAttempt_SecondRequestNeverRuns()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        using RawHttpClient client = await host.ConnectAsync();

        await client.SendAsync(
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 38\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttpResponse response = await client.ReadResponseAsync();

        Assert.Equal(400, response.StatusCode);
        Assert.True(await client.WaitForCloseAsync());
        Assert.Equal(0, host.Server.ScrapeCount);
    }

    [Fact]
    public async Task Request_LineOver8KiB_Returns414AndCloses()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        using RawHttpClient client = await host.ConnectAsync();

        await client.SendAsync("GET /metrics?" + new string('a', 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttpResponse response = await client.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 414 URI Too Long", response.StatusLine);
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Request_HeadersOver32KiB_Returns431AndCloses()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        using RawHttpClient client = await host.ConnectAsync();
        var request = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 40; i++)
        {
            request.Append("X-Filler-").Append(i).Append(": ").Append('f', 1000).Append("\r\n");
        }

        await client.SendAsync(request.Append("\r\n").ToString());
        RawHttpResponse response = await client.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 431 Request Header Fields Too Large", response.StatusLine);
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Request_Over100Headers_Returns431AndCloses()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        using RawHttpClient client = await host.ConnectAsync();
        var request = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 101; i++)
        {
            request.Append("X-").Append(i).Append(": v\r\n");
        }

        await client.SendAsync(request.Append("\r\n").ToString());
        RawHttpResponse response = await client.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 431 Request Header Fields Too Large", response.StatusLine);
        Assert.True(await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Request_AfterKeepAliveResponse_BadSecondRequestClosesOnlyThen()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        using RawHttpClient client = await host.ConnectAsync();

        await client.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost x\r\n\r\n");
        RawHttpResponse first = await client.ReadResponseAsync();
        RawHttpResponse second = await client.ReadResponseAsync();

        Assert.Equal(200, first.StatusCode);
        Assert.Null(first.Header("Connection"));
        Assert.Equal(400, second.StatusCode);
        Assert.True(await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Request_ConfiguredLimits_AreApplied()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o =>
        {
            o.MaxRequestLineBytes = 100;
            o.MaxHeaderCount = 2;
        });
        using RawHttpClient first = await host.ConnectAsync();
        using RawHttpClient second = await host.ConnectAsync();

        await first.SendAsync("GET /metrics?" + new string('a', 100) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        await second.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n");

        Assert.Equal(414, (await first.ReadResponseAsync()).StatusCode);
        Assert.Equal(431, (await second.ReadResponseAsync()).StatusCode);
    }
}
