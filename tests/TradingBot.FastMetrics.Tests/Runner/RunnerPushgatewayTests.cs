using System;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Runner;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Runner;

public sealed class RunnerPushgatewayTests
{
    [Theory]
    [InlineData(new string[0], null, null)]
    [InlineData(new[] { "--pushgateway", "http://127.0.0.1:9091" }, "http://127.0.0.1:9091/", null)]
    [InlineData(new[] { "--seed", "7", "--pushgateway=https://gw.example/base/" }, "https://gw.example/base/", null)]
    [InlineData(new[] { "--pushgateway" }, null, "--pushgateway must be an http:// or https:// URL, not ''")]
    [InlineData(new[] { "--pushgateway", "ftp://x" }, null, "--pushgateway must be an http:// or https:// URL, not 'ftp://x'")]
    public void TryParse_ReadsTheUrl_OrNamesTheBadValue(string[] args, string? expected, string? error)
    {
        bool ok = PushgatewayOption.TryParse(args, out Uri? endpoint, out string? message);

        Assert.Equal(error is null, ok);
        Assert.Equal(expected, endpoint?.AbsoluteUri);
        Assert.Equal(error, message);
    }

    [PushgatewayFact]
    public async Task Runner_Pushgateway_PushesAsJobTradingBot_AndAtExit()
    {
        using PushgatewayProcess gateway = await PushgatewayProcess.StartAsync();
        using RunnerProcess runner = await RunnerProcess.StartServingAsync("--duration", "2", "--seed", "7", "--pushgateway", gateway.Endpoint.AbsoluteUri);

        Assert.True(await runner.WaitForExitAsync() == 0, runner.Output);
        string pushed = await gateway.MetricsAsync();

        Assert.Contains("bot_trades_opened_total{instance=\"\",job=\"trading_bot\",symbol=\"BTCUSDT\"}", pushed, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total{instance=\"\",job=\"trading_bot\"}", pushed, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total{gc_heap_generation=\"gen0\",instance=\"\",job=\"trading_bot\"}", pushed, StringComparison.Ordinal);
        Assert.Contains("push_time_seconds{instance=\"\",job=\"trading_bot\"}", pushed, StringComparison.Ordinal);
        Assert.Contains("pushes accepted, 0 failed.", runner.StandardOutput, StringComparison.Ordinal);
    }
}
