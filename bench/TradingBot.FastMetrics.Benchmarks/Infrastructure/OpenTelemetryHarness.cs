using System;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace TradingBot.FastMetrics.Benchmarks.Infrastructure;

/// <summary>An OpenTelemetry meter provider with a reader that never exports, so records are aggregated as in production.</summary>
public sealed class OpenTelemetryHarness : IDisposable
{
    private readonly MeterProvider _provider;

    public OpenTelemetryHarness(string meterName, int? maxBuckets = null)
    {
        Meter = new Meter(meterName);
        MeterProviderBuilder builder = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .AddReader(new PeriodicExportingMetricReader(new NoopExporter(), exportIntervalMilliseconds: 3_600_000));
        _ = maxBuckets;
        _provider = builder.Build()!;
    }

    public Meter Meter { get; }

    public void Dispose()
    {
        _provider.Dispose();
        Meter.Dispose();
    }

    private sealed class NoopExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
