using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Push;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Push;

public sealed class PushgatewayPusherTests
{
    [Theory]
    [InlineData("trading_bot", "metrics/job/trading_bot")]
    [InlineData("a/b", "metrics/job@base64/YS9i")]
    [InlineData("", null)]
    public void GroupingKey_Job_EncodedPerUrlRules(string job, string? expected)
    {
        if (expected is null)
        {
            Assert.Throws<ArgumentException>(() => GroupingKey.Path(job, []));
            return;
        }

        Assert.Equal(expected, GroupingKey.Path(job, []));
    }

    [Fact]
    public void GroupingKey_LabelValues_SlashBase64Url_EmptyAsEquals_OthersPercentEncoded()
    {
        string path = GroupingKey.Path("bt", [new("instance", "host:1"), new("path", "/var/tmp?"), new("empty", ""), new("space", "a b")]);

        // base64url("/var/tmp?") = L3Zhci90bXA_ (RFC 4648 section 5: '/' -> '_', '+' -> '-', no padding).
        Assert.Equal("metrics/job/bt/instance/host%3A1/path@base64/L3Zhci90bXA_/empty@base64/=/space/a%20b", path);
        Assert.Throws<ArgumentException>(() => GroupingKey.Path("bt", [new("job", "x")]));
        Assert.Throws<ArgumentException>(() => GroupingKey.Path("bt", [new("bad-name", "x")]));
    }

    [Fact]
    public async Task Push_UnreachableGateway_ReturnsFailure_CountsIt_NeverThrows()
    {
        var registry = new MetricRegistry();
        registry.CreateCounter("x_total", "X.").Inc();
        var options = new PushgatewayOptions { Endpoint = new Uri($"http://127.0.0.1:{FreeTcpPort.Find()}/"), Timeout = TimeSpan.FromSeconds(2) };
        await using var pusher = new PushgatewayPusher(new RegistryExposition(registry), options);

        PushResult result = await pusher.PushAsync();

        Assert.False(result.Success);
        Assert.Equal(0, result.StatusCode);
        Assert.Contains("127.0.0.1", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, pusher.FailureCount);
        Assert.Equal(result.Error, pusher.LastError);
    }

    [Fact]
    public async Task Push_SlowGateway_TimesOut_AsAFailure()
    {
        using var handler = new StallingHandler();
        var options = new PushgatewayOptions { Endpoint = new Uri("http://127.0.0.1:1/"), Timeout = TimeSpan.FromMilliseconds(200), Handler = handler };
        await using var pusher = new PushgatewayPusher(new RegistryExposition(new MetricRegistry()), options);

        PushResult result = await pusher.PushAsync();

        Assert.False(result.Success);
        Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_SendsBasicAuthOrBearer_AndTextFormatBody()
    {
        var registry = new MetricRegistry();
        registry.CreateCounter("orders_total", "Orders.").Inc(3);
        using var handler = new RecordingHandler();
        var basic = new PushgatewayOptions { Endpoint = new Uri("http://gw:9091"), BasicUserName = "bot", BasicPassword = "s3cret", Handler = handler };
        await using (var pusher = new PushgatewayPusher(new RegistryExposition(registry), basic))
        {
            Assert.True((await pusher.PushAsync(PushMethod.Post)).Success);
        }

        var bearer = new PushgatewayOptions { Endpoint = new Uri("http://gw:9091/base/"), BearerToken = "tok", Handler = handler };
        await using (var pusher = new PushgatewayPusher(new RegistryExposition(registry), bearer))
        {
            Assert.True((await pusher.DeleteAsync()).Success);
        }

        Assert.Equal("POST http://gw:9091/metrics/job/trading_bot Basic Ym90OnMzY3JldA== text/plain; version=0.0.4; charset=utf-8", handler.Requests[0].Line);
        Assert.Contains("orders_total 3\n", handler.Requests[0].Body, StringComparison.Ordinal);
        Assert.Equal("DELETE http://gw:9091/base/metrics/job/trading_bot Bearer tok ", handler.Requests[1].Line);
        Assert.Throws<ArgumentException>(() => new PushgatewayPusher(new RegistryExposition(registry), new PushgatewayOptions { Endpoint = new Uri("ftp://gw/") }));
    }

    [PushgatewayFact]
    public async Task RealPushgateway_PutPostDelete_ReadBackFromMetrics()
    {
        using PushgatewayProcess gateway = await PushgatewayProcess.StartAsync();
        var registry = new MetricRegistry();
        MetricFamily<Counter> orders = registry.CreateCounterFamily("bt_orders_total", "Orders.", ["symbol"]);
        orders.WithLabels("BTCUSDT").Inc(5);
        registry.CreateGauge("bt_pnl", "PnL.").Set(-12.5);
        var options = new PushgatewayOptions { Endpoint = gateway.Endpoint, Job = "backtest" };
        options.GroupingLabels.Add(new("run", "2026/11/30"));
        await using var pusher = new PushgatewayPusher(new RegistryExposition(registry), options);

        PushResult put = await pusher.PushAsync(PushMethod.Put);
        string afterPut = await gateway.MetricsAsync();

        Assert.True(put.Success, put.Error);
        Assert.Contains("bt_orders_total{instance=\"\",job=\"backtest\",run=\"2026/11/30\",symbol=\"BTCUSDT\"} 5\n", afterPut, StringComparison.Ordinal);
        Assert.Contains("bt_pnl{instance=\"\",job=\"backtest\",run=\"2026/11/30\"} -12.5\n", afterPut, StringComparison.Ordinal);

        // POST replaces only same-named metrics: a second registry with just the gauge leaves the counter.
        var partial = new MetricRegistry();
        partial.CreateGauge("bt_pnl", "PnL.").Set(7);
        await using (var post = new PushgatewayPusher(new RegistryExposition(partial), options))
        {
            Assert.True((await post.PushAsync(PushMethod.Post)).Success);
        }

        string afterPost = await gateway.MetricsAsync();
        Assert.Contains("bt_pnl{instance=\"\",job=\"backtest\",run=\"2026/11/30\"} 7\n", afterPost, StringComparison.Ordinal);
        Assert.Contains("bt_orders_total{instance=\"\",job=\"backtest\",run=\"2026/11/30\",symbol=\"BTCUSDT\"} 5\n", afterPost, StringComparison.Ordinal);

        // PUT replaces the group: the counter pushed by PUT from the partial registry is gone.
        await using (var put2 = new PushgatewayPusher(new RegistryExposition(partial), options))
        {
            Assert.True((await put2.PushAsync(PushMethod.Put)).Success);
        }

        Assert.DoesNotContain("bt_orders_total{", await gateway.MetricsAsync(), StringComparison.Ordinal);

        PushResult delete = await pusher.DeleteAsync();
        Assert.True(delete.Success, delete.Error);
        Assert.DoesNotContain("job=\"backtest\"", await gateway.MetricsAsync(), StringComparison.Ordinal);
        Assert.Equal(2, pusher.SuccessCount);
    }

    [PushgatewayFact]
    public async Task RealPushgateway_Periodic_PushesOnTimer_AndFinalPushOnDispose()
    {
        using PushgatewayProcess gateway = await PushgatewayProcess.StartAsync();
        var registry = new MetricRegistry();
        Counter trades = registry.CreateCounter("periodic_trades_total", "Trades.");
        var pusher = new PushgatewayPusher(new RegistryExposition(registry), new PushgatewayOptions { Endpoint = gateway.Endpoint, Job = "periodic" });
        trades.Inc(1);
        pusher.StartPeriodic(TimeSpan.FromMilliseconds(100));

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (pusher.SuccessCount < 2)
        {
            await Task.Delay(20, deadline.Token);
        }

        Assert.Contains("periodic_trades_total{instance=\"\",job=\"periodic\"} 1\n", await gateway.MetricsAsync(), StringComparison.Ordinal);
        trades.Inc(41);
        await pusher.DisposeAsync();

        Assert.Contains("periodic_trades_total{instance=\"\",job=\"periodic\"} 42\n", await gateway.MetricsAsync(), StringComparison.Ordinal);
        Assert.Equal(0, pusher.FailureCount);
    }

    private sealed class StallingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(string Line, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            string type = request.Content?.Headers.ContentType?.ToString() ?? string.Empty;
            Requests.Add(($"{request.Method} {request.RequestUri} {request.Headers.Authorization} {type}", body));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
