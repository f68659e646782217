using System.Collections.Generic;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Benchmarks.Infrastructure;
using TradingBot.FastMetrics.Metrics;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>Finding an existing child by its label values, then one increment.</summary>
[BenchmarkCategory("RecordPath")]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LabelLookupBenchmarks
{
    private const int Ops = 1000;

    // Separate instances, as label values usually arrive from elsewhere (not interned literals).
    private readonly string _symbol = string.Concat("B", "TCUSDT");
    private readonly string _result = string.Concat("w", "in");

    private MetricFamily<Counter> _ours1 = null!;
    private MetricFamily<Counter> _ours2 = null!;
    private Prom.Counter _prom1 = null!;
    private Prom.Counter _prom2 = null!;
    private OpenTelemetryHarness _otel = null!;
    private Counter<long> _otel1 = null!;
    private Counter<long> _otel2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var registry = new MetricRegistry();
        _ours1 = registry.CreateCounterFamily("ours1_total", "Ours.", ["symbol"]);
        _ours2 = registry.CreateCounterFamily("ours2_total", "Ours.", ["symbol", "result"]);
        Prom.MetricFactory factory = Prom.Metrics.WithCustomRegistry(Prom.Metrics.NewCustomRegistry());
        _prom1 = factory.CreateCounter("prom1_total", "Prom.", ["symbol"]);
        _prom2 = factory.CreateCounter("prom2_total", "Prom.", ["symbol", "result"]);
        _otel = new OpenTelemetryHarness("bench.labels");
        _otel1 = _otel.Meter.CreateCounter<long>("otel1_total");
        _otel2 = _otel.Meter.CreateCounter<long>("otel2_total");

        // Every series exists before measuring: this is the look-up of a known label set.
        _ours1.WithLabels(_symbol).Inc();
        _ours2.WithLabels(_symbol, _result).Inc();
        _prom1.WithLabels(_symbol).Inc();
        _prom2.WithLabels(_symbol, _result).Inc();
    }

    [GlobalCleanup]
    public void Cleanup() => _otel.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    [BenchmarkCategory("OneLabel")]
    public void PrometheusNet_OneLabel()
    {
        for (int i = 0; i < Ops; i++)
        {
            _prom1.WithLabels(_symbol).Inc();
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("OneLabel")]
    public void OpenTelemetry_OneTag()
    {
        for (int i = 0; i < Ops; i++)
        {
            _otel1.Add(1, new KeyValuePair<string, object?>("symbol", _symbol));
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("OneLabel")]
    public void FastMetrics_OneLabel()
    {
        for (int i = 0; i < Ops; i++)
        {
            _ours1.WithLabels(_symbol).Inc();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    [BenchmarkCategory("TwoLabels")]
    public void PrometheusNet_TwoLabels()
    {
        for (int i = 0; i < Ops; i++)
        {
            _prom2.WithLabels(_symbol, _result).Inc();
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("TwoLabels")]
    public void OpenTelemetry_TwoTags()
    {
        for (int i = 0; i < Ops; i++)
        {
            _otel2.Add(1, new KeyValuePair<string, object?>("symbol", _symbol), new KeyValuePair<string, object?>("result", _result));
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    [BenchmarkCategory("TwoLabels")]
    public void FastMetrics_TwoLabels()
    {
        for (int i = 0; i < Ops; i++)
        {
            _ours2.WithLabels(_symbol, _result).Inc();
        }
    }
}
