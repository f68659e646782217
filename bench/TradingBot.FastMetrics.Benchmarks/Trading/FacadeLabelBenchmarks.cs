// dotnet run -c Release --project bench/TradingBot.FastMetrics.Benchmarks -- --filter '*FacadeLabelBenchmarks*' --job short --iterationCount 7
//
// BenchmarkDotNet v0.15.8, Linux Debian GNU/Linux 12 (bookworm)
// AMD EPYC 2.45GHz, 1 CPU, 2 logical and 2 physical cores (shared: load average ~20 during the run, so the
// absolute times are inflated; compare the ratios). .NET SDK 10.0.401; Job=ShortRun IterationCount=7
//
// | Method                           | Mean      | Error     | StdDev    | Ratio | RatioSD | Rank | Gen0   | Allocated |
// |--------------------------------- |----------:|----------:|----------:|------:|--------:|-----:|-------:|----------:|
// | FastMetrics_Facade_SameInstance  |  59.48 ns |  19.72 ns |  8.758 ns |  1.02 |    0.20 |    1 |      - |         - |
// | FastMetrics_Facade_FreshInstance |  73.06 ns |  11.41 ns |  5.068 ns |  1.25 |    0.19 |    2 |      - |         - |
// | FastMetrics_Family_FreshInstance | 111.22 ns |  45.34 ns | 20.131 ns |  1.90 |    0.41 |    3 |      - |         - |
// | PrometheusNet_FreshInstance      | 592.68 ns | 220.03 ns | 97.694 ns | 10.15 |    2.08 |    4 | 0.0038 |      72 B |
//
// Per call pair (one RecordTradeOpened and one RecordTradeClosed). Fresh instances: 1.25x the same-instance
// path (1.23x by the means, 73.06 / 59.48 ns), 0 B.

using System;
using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;

namespace TradingBot.FastMetrics.Benchmarks.Trading;

/// <summary>
/// The facade's labeled records (<c>RecordTradeOpened(symbol)</c> and <c>RecordTradeClosed(symbol, result)</c>) when the
/// bot passes the same string instance every time, against a fresh instance per call (a bot that parses
/// symbols from every exchange message), beside the family's own look-up and prometheus-net's.
/// </summary>
/// <remarks>
/// The fresh instances are made in setup (4,096 per run, four symbols), so only the record path is measured.
/// Target: fresh instances allocate nothing and cost at most 2x the same-instance path. Not in the RecordPath
/// category, to keep the CI allocation gate short: the 0-byte claim is an xunit test
/// (PrometheusExporterAllocationTests.LabeledMethods_SameOrFreshStringInstancePerCall_AllocateNothing).
/// </remarks>
public class FacadeLabelBenchmarks
{
    private const int Calls = 4_096;

    private PrometheusExporter _exporter = null!;
    private MetricFamily<Counter> _opened = null!;
    private MetricFamily<Counter> _closed = null!;
    private Prometheus.Counter _netOpened = null!;
    private Prometheus.Counter _netClosed = null!;
    private string[] _same = null!;
    private string[] _fresh = null!;

    [GlobalSetup]
    public void Setup()
    {
        _exporter = new PrometheusExporter(new MetricRegistry(), new HealthRegistry());
        _opened = _exporter.Metrics.TradesOpened;
        _closed = _exporter.Metrics.TradesClosed;
        Prometheus.MetricFactory factory = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        _netOpened = factory.CreateCounter(BotMetricNames.TradesOpened, "trades opened", [BotMetricNames.SymbolLabel]);
        _netClosed = factory.CreateCounter(BotMetricNames.TradesClosed, "trades closed", [BotMetricNames.SymbolLabel, BotMetricNames.ResultLabel]);

        string[] symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"];
        _same = new string[Calls];
        _fresh = new string[Calls];
        for (int i = 0; i < Calls; i++)
        {
            _same[i] = symbols[i & 3];
            _fresh[i] = new string(symbols[i & 3].AsSpan());
        }

        FastMetrics_Facade_SameInstance();
        FastMetrics_Facade_FreshInstance();
        FastMetrics_Family_FreshInstance();
        PrometheusNet_FreshInstance();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public void FastMetrics_Facade_SameInstance() => Record(_same);

    [Benchmark(OperationsPerInvoke = Calls)]
    public void FastMetrics_Facade_FreshInstance() => Record(_fresh);

    /// <summary>The family's own look-up (a full randomised hash of each value per call), as the facade did before.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public void FastMetrics_Family_FreshInstance()
    {
        string[] symbols = _fresh;
        for (int i = 0; i < symbols.Length; i++)
        {
            _opened.WithLabels(symbols[i]).Inc();
            _closed.WithLabels(symbols[i], "win").Inc();
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public void PrometheusNet_FreshInstance()
    {
        string[] symbols = _fresh;
        for (int i = 0; i < symbols.Length; i++)
        {
            _netOpened.WithLabels(symbols[i]).Inc();
            _netClosed.WithLabels(symbols[i], "win").Inc();
        }
    }

    private void Record(string[] symbols)
    {
        PrometheusExporter exporter = _exporter;
        for (int i = 0; i < symbols.Length; i++)
        {
            exporter.RecordTradeOpened(symbols[i]);
            exporter.RecordTradeClosed(symbols[i], "win");
        }
    }
}
