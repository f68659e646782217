using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Benchmarks.Infrastructure;
using TradingBot.FastMetrics.Metrics;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Metrics;

/// <summary>One counter increment: ours, prometheus-net's and OpenTelemetry's, unlabeled and on a kept child.</summary>
[BenchmarkCategory("RecordPath")]
public class CounterBenchmarks
{
    private const int Ops = 1000;

    private Counter _ours = null!;
    private Counter _oursChild = null!;
    private Prom.Counter _prom = null!;
    private Prom.Counter.Child _promChild = null!;
    private OpenTelemetryHarness _otel = null!;
    private Counter<long> _otelCounter = null!;
    private KeyValuePair<string, object?> _tag;

    [GlobalSetup]
    public void Setup()
    {
        var registry = new MetricRegistry();
        _ours = registry.CreateCounter("ours_total", "Ours.");
        _oursChild = registry.CreateCounterFamily("ours_child_total", "Ours.", ["symbol"]).WithLabels("BTCUSDT");
        Prom.MetricFactory factory = Prom.Metrics.WithCustomRegistry(Prom.Metrics.NewCustomRegistry());
        _prom = factory.CreateCounter("prom_total", "Prom.");
        _promChild = factory.CreateCounter("prom_child_total", "Prom.", ["symbol"]).WithLabels("BTCUSDT");
        _otel = new OpenTelemetryHarness("bench.counter");
        _otelCounter = _otel.Meter.CreateCounter<long>("otel_total");
        _tag = new KeyValuePair<string, object?>("symbol", "BTCUSDT");
    }

    [GlobalCleanup]
    public void Cleanup() => _otel.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public void PrometheusNet_Inc()
    {
        for (int i = 0; i < Ops; i++)
        {
            _prom.Inc();
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void PrometheusNet_KeptChild_Inc()
    {
        for (int i = 0; i < Ops; i++)
        {
            _promChild.Inc();
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void OpenTelemetry_Add()
    {
        for (int i = 0; i < Ops; i++)
        {
            _otelCounter.Add(1);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void OpenTelemetry_AddOneTag()
    {
        for (int i = 0; i < Ops; i++)
        {
            _otelCounter.Add(1, _tag);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_Inc()
    {
        for (int i = 0; i < Ops; i++)
        {
            _ours.Inc();
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_KeptChild_Inc()
    {
        for (int i = 0; i < Ops; i++)
        {
            _oursChild.Inc();
        }
    }
}
