using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Instrumentation;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.ProcessMetrics;
using TradingBot.FastMetrics.Push;
using TradingBot.FastMetrics.Runner;
using TradingBot.FastMetrics.Runner.Simulation;
using TradingBot.FastMetrics.Trading.Exporter;

// The headless runner: a simulated trader with the bot's metrics attached, served on /metrics and /health.
SimulationOptions? simulation = null;
Uri? pushgateway = null;
if (!RunnerOptions.TryParse(args, out RunnerOptions options, out string? error)
    || (!options.ShowHelp && !SimulationOptions.TryParse(args, out simulation, out error))
    || (!options.ShowHelp && !PushgatewayOption.TryParse(args, out pushgateway, out error)))
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(CommandLine.ShortUsage);
    return 1;
}

if (options.ShowHelp)
{
    Console.WriteLine(CommandLine.Help);
    return 0;
}

// Process series from /proc and the runtime's own (GC, heap, thread pool, contention) from the System.Runtime meter.
using ProcessCollector processMetrics = ProcessCollector.Register(MetricRegistry.Default);
using MeterBridge runtimeMetrics = MeterBridge.Start(MetricRegistry.Default, meter => meter == "System.Runtime");
PushgatewayPusher? pusher = null;
if (pushgateway is not null)
{
    pusher = new PushgatewayPusher(RegistryExposition.Default, new PushgatewayOptions { Endpoint = pushgateway, Job = PushgatewayOption.Job });
    pusher.StartPeriodic(PushgatewayOption.Interval);
}

using var stopTrading = new CancellationTokenSource();
Task<string>? trading = null;
long started = 0;
string reason = "stopped";

// The simulation starts only once the server listens: a taken port ends the run before any trade.
int exitCode = await ServerHost.RunAsync(
    RegistryExposition.Default,
    options,
    HealthRegistry.Default,
    onStarted: () =>
    {
        started = Stopwatch.GetTimestamp();
        Console.WriteLine($"Simulating {string.Join(',', simulation!.Symbols)}, opening {simulation.Rate.ToString(CultureInfo.InvariantCulture)} trades/s, seed {simulation.Seed} (pass --seed {simulation.Seed} to repeat this run).");
        trading = TradingSimulation.RunAsync(simulation, PrometheusExporter.Instance, Console.WriteLine, TimeSpan.FromSeconds(5), stopTrading.Token);
    },
    onStopping: why => reason = why);
await stopTrading.CancelAsync();
string? summary = trading is null ? null : await trading;
if (pusher is not null)
{
    // The final push, after trading stopped, carries the run's last values; failures are reported, never fatal.
    await pusher.DisposeAsync();
    Console.WriteLine($"Pushgateway {pusher.GroupUri}: {pusher.SuccessCount} pushes accepted, {pusher.FailureCount} failed{(pusher.LastError is null ? "" : $" (last: {pusher.LastError})")}.");
}

if (summary is not null)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped ({reason}) after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: {summary}"));
}

return exitCode;
