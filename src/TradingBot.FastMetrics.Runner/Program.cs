using System;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Instrumentation;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.ProcessMetrics;
using TradingBot.FastMetrics.Push;
using TradingBot.FastMetrics.Runner;
using TradingBot.FastMetrics.Runner.Simulation;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Trading.Exporter;

// The headless runner: a simulated trader with the bot's metrics attached, served on /metrics and /health.
if (!RunnerOptions.TryParse(args, out RunnerOptions options, out string? error)
    || !SimulationOptions.TryParse(args, out SimulationOptions? simulation, out error)
    || !PushgatewayOption.TryParse(args, out Uri? pushgateway, out error))
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(RunnerOptions.Usage);
    return 1;
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
Task trading = Task.CompletedTask;

// The simulation starts only once the server listens: a taken port ends the run before any trade.
int exitCode = await ServerHost.RunAsync(RegistryExposition.Default, options, HealthRegistry.Default, onStarted: () =>
{
    Console.WriteLine($"Simulating {string.Join(',', simulation!.Symbols)} at {simulation.Rate} trades/s, seed {simulation.Seed} (pass --seed {simulation.Seed} to repeat this run).");
    trading = TradingSimulation.RunAsync(simulation, PrometheusExporter.Instance, Console.WriteLine, TimeSpan.FromSeconds(5), stopTrading.Token);
});
await stopTrading.CancelAsync();
await trading;
if (pusher is not null)
{
    // The final push carries the run's last values; failures are reported, never fatal.
    await pusher.DisposeAsync();
    Console.WriteLine($"Pushgateway {pusher.GroupUri}: {pusher.SuccessCount} pushes accepted, {pusher.FailureCount} failed{(pusher.LastError is null ? "" : $" (last: {pusher.LastError})")}.");
}

return exitCode;
