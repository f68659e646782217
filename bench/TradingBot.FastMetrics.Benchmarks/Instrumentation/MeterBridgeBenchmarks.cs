using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Benchmarks.Infrastructure;
using TradingBot.FastMetrics.Instrumentation;
using TradingBot.FastMetrics.Metrics;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Instrumentation;

/// <summary>
/// One System.Diagnostics.Metrics measurement with three string tags into an existing series, exported three ways:
/// our <see cref="MeterBridge"/>, the OpenTelemetry SDK (a reader that never exports, as behind the Prometheus
/// exporter) and prometheus-net's MeterAdapter. Each listens only to its own meter, so a measurement reaches one listener.
/// Not in the CI gate's categories (it would add minutes); MeterBridgeAllocationTests asserts our 0 B.
/// </summary>
[BenchmarkCategory("Bridge")]
public class MeterBridgeBenchmarks
{
    private const int Ops = 1000;

    private readonly KeyValuePair<string, object?> _symbol = new("symbol", "BTCUSDT");
    private readonly KeyValuePair<string, object?> _side = new("side", "buy");
    private readonly KeyValuePair<string, object?> _venue = new("venue", "binance");
    private Meter _oursMeter = null!;
    private MeterBridge _bridge = null!;
    private Counter<long> _oursCounter = null!;
    private Histogram<double> _oursHistogram = null!;
    private OpenTelemetryHarness _otel = null!;
    private Counter<long> _otelCounter = null!;
    private Histogram<double> _otelHistogram = null!;
    private Meter _promMeter = null!;
    private IDisposable _promAdapter = null!;
    private Counter<long> _promCounter = null!;
    private Histogram<double> _promHistogram = null!;

    [GlobalSetup]
    public void Setup()
    {
        // prometheus-net starts a MeterAdapter over every meter by default; only the explicit one below may listen.
        Prom.Metrics.SuppressDefaultMetrics();
        _oursMeter = new Meter("bench.bridge.ours");
        _bridge = MeterBridge.Start(new MetricRegistry(), name => name == "bench.bridge.ours");
        _oursCounter = _oursMeter.CreateCounter<long>("orders");
        _oursHistogram = _oursMeter.CreateHistogram<double>("latency", "s");
        _otel = new OpenTelemetryHarness("bench.bridge.otel");
        _otelCounter = _otel.Meter.CreateCounter<long>("orders");
        _otelHistogram = _otel.Meter.CreateHistogram<double>("latency", "s");
        _promMeter = new Meter("bench.bridge.prom");
        _promAdapter = Prom.MeterAdapter.StartListening(new Prom.MeterAdapterOptions
        {
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == "bench.bridge.prom",
            Registry = Prom.Metrics.NewCustomRegistry(),
        });
        _promCounter = _promMeter.CreateCounter<long>("orders");
        _promHistogram = _promMeter.CreateHistogram<double>("latency", "s");
        for (int i = 0; i < 100; i++)
        {
            FastMetrics_Bridge_Counter3Tags();
            FastMetrics_Bridge_Histogram3Tags();
            OpenTelemetry_Counter3Tags();
            OpenTelemetry_Histogram3Tags();
            PrometheusNet_MeterAdapter_Counter3Tags();
            PrometheusNet_MeterAdapter_Histogram3Tags();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bridge.Dispose();
        _oursMeter.Dispose();
        _otel.Dispose();
        _promAdapter.Dispose();
        _promMeter.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public void PrometheusNet_MeterAdapter_Counter3Tags()
    {
        for (int i = 0; i < Ops; i++)
        {
            _promCounter.Add(1, _symbol, _side, _venue);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void OpenTelemetry_Counter3Tags()
    {
        for (int i = 0; i < Ops; i++)
        {
            _otelCounter.Add(1, _symbol, _side, _venue);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_Bridge_Counter3Tags()
    {
        for (int i = 0; i < Ops; i++)
        {
            _oursCounter.Add(1, _symbol, _side, _venue);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void PrometheusNet_MeterAdapter_Histogram3Tags()
    {
        for (int i = 0; i < Ops; i++)
        {
            _promHistogram.Record(0.042, _symbol, _side, _venue);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void OpenTelemetry_Histogram3Tags()
    {
        for (int i = 0; i < Ops; i++)
        {
            _otelHistogram.Record(0.042, _symbol, _side, _venue);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void FastMetrics_Bridge_Histogram3Tags()
    {
        for (int i = 0; i < Ops; i++)
        {
            _oursHistogram.Record(0.042, _symbol, _side, _venue);
        }
    }
}
