using System;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Runner;
using TradingBot.FastMetrics.Server;

if (!RunnerOptions.TryParse(args, out RunnerOptions options, out string? error))
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(RunnerOptions.Usage);
    return 1;
}

// Sample metrics of every kind, until the runner becomes the simulated trading bot.
var registry = new MetricRegistry();
var trades = registry.CreateCounterFamily("bot_trades_opened_total", "Trades opened, by symbol.", ["symbol"]);
var positions = registry.CreateGauge("bot_positions_open_gauge", "Open positions.");
var latency = registry.CreateHistogram("bot_open_latency_ms", "Open latency.", [50, 100, 250, 500, 1000, 2500, 5000]);
registry.CreateInfo("bot_info", "Bot build.", ["version", "start_time"], ["1.0.0", "2026-11-28T00:00:00Z"]);
registry.CreateCallbackGauge("bot_queue_depth", "Depth \"now\"\nsecond line \\ ok", () => 3.25);
trades.WithLabels("BTCUSDT").Inc();
trades.WithLabels("ETH\"USD\n").Inc(2);
trades.WithLabels("BTCUSDT").Add(0.5);
positions.Set(3);
latency.Observe(75);
latency.Observe(1e7);

var health = new HealthRegistry();
health.Set("exchange", healthy: true);
return await ServerHost.RunAsync(new RegistryExposition(registry), options, health);
