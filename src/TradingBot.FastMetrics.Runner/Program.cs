using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Runner;
using TradingBot.FastMetrics.Runner.Simulation;
using TradingBot.FastMetrics.Trading.Exporter;

// The headless runner: a simulated trader with the bot's metrics attached, served on /metrics and /health.
SimulationOptions? simulation = null;
if (!RunnerOptions.TryParse(args, out RunnerOptions options, out string? error)
    || (!options.ShowHelp && !SimulationOptions.TryParse(args, out simulation, out error)))
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
if (trading is not null)
{
    string summary = await trading;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped ({reason}) after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: {summary}"));
}

return exitCode;
