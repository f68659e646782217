using System;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Runner;
using TradingBot.FastMetrics.Runner.Simulation;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Trading.Exporter;

// The headless runner: a simulated trader with the bot's metrics attached, served on /metrics and /health.
if (!RunnerOptions.TryParse(args, out RunnerOptions options, out string? error)
    || !SimulationOptions.TryParse(args, out SimulationOptions? simulation, out error))
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(RunnerOptions.Usage);
    return 1;
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
return exitCode;
