using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;
using TradingBot.FastMetrics.Trading.Integration;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Simulation;

/// <summary>Drives the runner's simulated trader (reached by reflection through <see cref="RunnerAssembly"/>) for a bounded number of steps.</summary>
public sealed class SimulatedTraderTests
{
    private const int Steps = 5_000;

    private static readonly string[] s_results = ["win", "loss", "breakeven"];

    [Fact]
    public void SeededRun_BoundedSteps_DrivesEveryFamilyOfTheCatalogue()
    {
        var registry = new MetricRegistry();
        var health = new HealthRegistry();
        var exporter = new PrometheusExporter(new BotMetrics(registry, "1.0.0", DateTimeOffset.UnixEpoch), health);
        Simulation simulation = Simulation.Create("--seed", "7", "--rate", "100");
        exporter.InitializeSeries(simulation.KnownLabels);
        var events = new CountingObserver();
        using IDisposable counting = simulation.Trader.Subscribe(events);
        using TraderMetrics attached = TraderMetrics.Attach(simulation.Trader, exporter);

        simulation.Run(Steps);

        BotMetrics metrics = exporter.Metrics;
        Assert.True(metrics.OpenLatency.Count > 100);
        Assert.True(metrics.CloseLatency.Count > 100);
        Assert.True(metrics.EntrySlippage.Count > 100);
        Assert.True(metrics.ExitSlippage.Count > 100);
        Assert.Equal(metrics.OpenLatency.Count, events.Opened);
        Assert.Equal(metrics.CloseLatency.Count, events.Closed);
        foreach (string guard in new[] { "daily_loss", "max_positions", "cooldown" })
        {
            Assert.True(metrics.GuardBlocks.WithLabels(guard).Value > 0, $"guard {guard} never blocked");
        }

        Assert.True(events.MaxOpenPositions >= 2);
        Assert.Equal(Steps, events.PositionsChanges);
        Assert.True(Sum(metrics.ReconciliationOrphans, simulation.KnownLabels.OrphanTypes) > 0);
        Assert.True(Sum(metrics.AnomalyTriggers, simulation.KnownLabels.AnomalyTypes) > 0);
        Assert.True(events.UnhealthyReports > 0);
        Assert.Equal(["database", "exchange", "risk_engine"], health.Snapshot().Select(p => p.Key));
        Assert.Equal(3, metrics.HealthStatus.SeriesCount);
        foreach (string symbol in simulation.KnownLabels.Symbols)
        {
            Assert.True(metrics.TradesOpened.WithLabels(symbol).Value > 0, $"{symbol} never traded");
        }

        Assert.True(metrics.TradesClosed.WithLabels("BTCUSDT", "win").Value > 0);
        Assert.True(metrics.TradesClosed.WithLabels("BTCUSDT", "loss").Value > 0);
        Assert.Equal(metrics.CloseLatency.Count, simulation.KnownLabels.Symbols.Sum(s => Sum(metrics.TradesClosed, s)));

        string text = Scrape.Text(registry);
        foreach (string family in BotMetricNames.All)
        {
            Assert.Contains($"# TYPE {family} ", text, StringComparison.Ordinal);
        }

        Assert.Equal(string.Empty, Scrape.Family(text, MetricRegistry.DroppedMetricName));
        Assert.Equal(0, attached.Faults);
        Assert.Equal(0, simulation.ObserverFaults);
        Assert.StartsWith($"steps={Steps} opened={events.Opened} closed={events.Closed} ", simulation.SummaryLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void SameSeed_SameScrape_DifferentSeed_DifferentScrape()
    {
        string first = ScrapeAfter(1_000, "--seed", "42", "--symbols", "BTCUSDT,ETHUSDT,XRPUSDT");
        string second = ScrapeAfter(1_000, "--seed", "42", "--symbols", "BTCUSDT,ETHUSDT,XRPUSDT");
        string other = ScrapeAfter(1_000, "--seed", "43", "--symbols", "BTCUSDT,ETHUSDT,XRPUSDT");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains("symbol=\"XRPUSDT\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("symbol=\"SOLUSDT\"", first, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ReadsItsOptionsAndSkipsTheRunners()
    {
        Simulation simulation = Simulation.Create("--host", "0.0.0.0", "--port", "9100", "--symbols=AAA,BBB", "--seed", "-5", "--rate=12.5", "--duration", "10s");

        Assert.Equal(["AAA", "BBB"], simulation.KnownLabels.Symbols);
        Assert.Equal(-5L, simulation.Option<long>("Seed"));
        Assert.Equal(12.5, simulation.Option<double>("Rate"));
    }

    [Fact]
    public void TryParse_BadValues_FailWithOneLineMessage()
    {
        foreach (string[] args in new[] { new[] { "--rate", "0" }, ["--rate", "fast"], ["--seed", "x"], ["--symbols", ","], ["--symbols", "A,A"], ["--seed"] })
        {
            (bool ok, string? error) = Simulation.TryParse(args);
            Assert.False(ok);
            Assert.False(string.IsNullOrWhiteSpace(error));
            Assert.DoesNotContain('\n', error);
        }
    }

    [Theory]
    [InlineData(50, 1)]
    [InlineData(50, 500)]
    [InlineData(3, 40)]
    public void StepUntilOpened_OpensExactlyTheTarget(double rate, long target)
    {
        Simulation simulation = Simulation.Create("--seed", "3", "--rate", rate.ToString(CultureInfo.InvariantCulture));

        int steps = simulation.StepUntilOpened(target, int.MaxValue);

        Assert.Equal(target, simulation.Opened);
        Assert.Equal(steps, simulation.Steps);
    }

    [Fact]
    public async Task RunAsync_Rate50_OpensAbout50PositionsPerSecond()
    {
        // Counts, not timing: the opens are compared with the rate times the time actually elapsed, with a
        // tolerance of one second of opens below (a stalled machine catches up at most a second) and two above.
        const double Rate = 50;
        Simulation simulation = Simulation.Create("--seed", "5", "--rate", "50");
        using var cancellation = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        Task run = simulation.RunAsync(cancellation.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        long opened = simulation.Opened;
        double elapsed = clock.Elapsed.TotalSeconds;
        await cancellation.CancelAsync();
        await run;

        double expected = Rate * elapsed;
        Assert.True(opened >= expected - Rate && opened <= expected + 2, $"opened {opened} in {elapsed:0.000} s at --rate {Rate}: expected about {expected:0}");
        Assert.True(simulation.Steps > opened, "closes and guard blocks come on top of the opens");
    }

    [Fact]
    public async Task RunAsync_Cancelled_CompletesNormally()
    {
        Simulation simulation = Simulation.Create("--seed", "1", "--rate", "1000");
        using var cancellation = new CancellationTokenSource();

        Task run = simulation.RunAsync(cancellation.Token);
        await cancellation.CancelAsync();
        await run;

        Assert.True(run.IsCompletedSuccessfully);
        Assert.True(simulation.Steps >= 1);
    }

    [Fact]
    public async Task TradingSimulationRunAsync_RecordsAndReportsSummaries()
    {
        var registry = new MetricRegistry();
        var exporter = new PrometheusExporter(new BotMetrics(registry, "1.0.0", DateTimeOffset.UnixEpoch), new HealthRegistry());
        (_, object? options) = Simulation.ParseOptions("--seed", "3", "--rate", "2000");
        var summaries = new List<string>();
        using var cancellation = new CancellationTokenSource();
        var onSummary = new Action<string>(line =>
        {
            lock (summaries)
            {
                summaries.Add(line);
            }

            cancellation.Cancel();
        });

        MethodInfo run = RunnerAssembly.GetType("TradingSimulation").GetMethod("RunAsync")!;
        await (Task)run.Invoke(null, [options, exporter, onSummary, TimeSpan.FromMilliseconds(20), cancellation.Token])!;

        Assert.NotEmpty(summaries);
        Assert.StartsWith("steps=", summaries[0], StringComparison.Ordinal);
        Assert.True(exporter.Metrics.TradesOpened.SeriesCount >= 4);
        Assert.Contains("bot_guard_block_total{guard=\"daily_loss\"}", Scrape.Text(registry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TradingSimulationRunAsync_NoSummary_RunsUntilCancelled()
    {
        var exporter = new PrometheusExporter(new BotMetrics(new MetricRegistry(), "1.0.0", DateTimeOffset.UnixEpoch), new HealthRegistry());
        (_, object? options) = Simulation.ParseOptions("--seed", "3", "--rate", "50");
        using var cancellation = new CancellationTokenSource();

        MethodInfo run = RunnerAssembly.GetType("TradingSimulation").GetMethod("RunAsync")!;
        var task = (Task)run.Invoke(null, [options, exporter, null, TimeSpan.FromSeconds(1), cancellation.Token])!;

        Assert.False(task.IsCompleted);
        await cancellation.CancelAsync();
        await task;
        Assert.True(task.IsCompletedSuccessfully);
        Assert.True(exporter.Metrics.OpenLatency.Count >= 1);
    }

    [Fact]
    public async Task TradingSimulationRunAsync_SummaryThrows_StopsTheRunAndFaults()
    {
        var exporter = new PrometheusExporter(new BotMetrics(new MetricRegistry(), "1.0.0", DateTimeOffset.UnixEpoch), new HealthRegistry());
        (_, object? options) = Simulation.ParseOptions("--seed", "3", "--rate", "50");
        var onSummary = new Action<string>(_ => throw new InvalidOperationException("console gone"));

        MethodInfo run = RunnerAssembly.GetType("TradingSimulation").GetMethod("RunAsync")!;
        var task = (Task)run.Invoke(null, [options, exporter, onSummary, TimeSpan.FromMilliseconds(10), CancellationToken.None])!;

        // The task ends only after awaiting the trader's run, so reaching the fault proves the run stopped.
        await Assert.ThrowsAsync<InvalidOperationException>(() => task);
    }

    private static string ScrapeAfter(int steps, params string[] args)
    {
        var registry = new MetricRegistry();
        var exporter = new PrometheusExporter(new BotMetrics(registry, "1.0.0", DateTimeOffset.UnixEpoch), new HealthRegistry());
        Simulation simulation = Simulation.Create(args);
        using TraderMetrics attached = TraderMetrics.Attach(simulation.Trader, exporter);
        simulation.Run(steps);
        return Scrape.Text(registry);
    }

    private static double Sum(MetricFamily<Counter> family, IEnumerable<string> labels) => labels.Sum(label => family.WithLabels(label).Value);

    private static double Sum(MetricFamily<Counter> closed, string symbol) =>
        s_results.Sum(result => closed.WithLabels(symbol, result).Value);

    /// <summary>The runner's <c>SimulatedTrader</c> seen through reflection and the Trading types it shares with us.</summary>
    private sealed class Simulation
    {
        private readonly object _trader;
        private readonly object _options;
        private readonly Action _step;

        private Simulation(object options)
        {
            _options = options;
            _trader = Activator.CreateInstance(RunnerAssembly.GetType("SimulatedTrader"), options)!;
            _step = _trader.GetType().GetMethod("Step")!.CreateDelegate<Action>(_trader);
        }

        public ITraderEvents Trader => (ITraderEvents)_trader;

        public KnownLabelValues KnownLabels => (KnownLabelValues)_trader.GetType().GetProperty("KnownLabels")!.GetValue(_trader)!;

        public long Steps => (long)_trader.GetType().GetProperty("Steps")!.GetValue(_trader)!;

        public long Opened => (long)_trader.GetType().GetProperty("Opened")!.GetValue(_trader)!;

        public int StepUntilOpened(long opened, int maxSteps) =>
            (int)_trader.GetType().GetMethod("StepUntilOpened")!.Invoke(_trader, [opened, maxSteps])!;

        public long ObserverFaults => (long)_trader.GetType().GetProperty("ObserverFaults")!.GetValue(_trader)!;

        public static Simulation Create(params string[] args)
        {
            (bool ok, object? options) = ParseOptions(args);
            Assert.True(ok);
            return new Simulation(options!);
        }

        public static (bool Ok, object? Options) ParseOptions(params string[] args)
        {
            object?[] parameters = [args, null, null];
            bool ok = (bool)RunnerAssembly.GetType("SimulationOptions").GetMethod("TryParse")!.Invoke(null, parameters)!;
            return (ok, parameters[1]);
        }

        public static (bool Ok, string? Error) TryParse(string[] args)
        {
            object?[] parameters = [args, null, null];
            bool ok = (bool)RunnerAssembly.GetType("SimulationOptions").GetMethod("TryParse")!.Invoke(null, parameters)!;
            return (ok, (string?)parameters[2]);
        }

        public T Option<T>(string name) => (T)_options.GetType().GetProperty(name)!.GetValue(_options)!;

        public void Run(int steps)
        {
            for (int i = 0; i < steps; i++)
            {
                _step();
            }
        }

        public Task RunAsync(CancellationToken cancellationToken) =>
            (Task)_trader.GetType().GetMethod("RunAsync")!.Invoke(_trader, [cancellationToken])!;

        public string SummaryLine() => (string)_trader.GetType().GetMethod("GetSummaryLine")!.Invoke(_trader, null)!;
    }
}
