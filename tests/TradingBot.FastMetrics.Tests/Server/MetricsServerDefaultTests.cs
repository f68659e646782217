using System.Threading.Tasks;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

public sealed class MetricsServerDefaultTests
{
    [Fact]
    public async Task Start_PortAndHostOnly_ServesTheDefaultRegistry()
    {
        Counter counter = MetricRegistry.Default.CreateCounter("server_default_test_total", "Proves the default registry is served.");
        counter.Inc(42);

        await using MetricsServer server = MetricsServer.Start(port: 0, host: "localhost");
        using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
        await client.SendAsync("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawHttpResponse response = await client.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("\nserver_default_test_total 42\n", response.BodyText, System.StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", server.EndPoint!.Address.ToString());
    }
}
