using System;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Benchmarks.Metrics;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;

namespace TradingBot.FastMetrics.Benchmarks.Server;

/// <summary>
/// The non-BenchmarkDotNet modes: <c>serve ours|promnet|otel|raw --port N [--duration S]</c> hosts one server
/// with <see cref="LoadWorkload"/> for wrk (bench/load/run-server-load.sh), and <c>measure alloc|recorder|record|scale|flood</c>
/// prints the steady-state allocation per scrape, the recorder latency idle vs under scrapes, the
/// record-path times as minimums of many rounds (<see cref="RecordMeasurement"/>), the heap and scrape
/// time at 1 to 64 writer threads (<see cref="ScaleMeasurement"/>), and the scrape latency while 1,000
/// idle connections are held (<see cref="FloodMeasurement"/>).
/// </summary>
public static class LoadHostCommand
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length < 2 || args[0] is not ("serve" or "measure"))
        {
            return false;
        }

        if (args[0] == "measure")
        {
            exitCode = args[1] switch
            {
                "alloc" => ScrapeMeasurements.MeasureAllocation(),
                "recorder" => ScrapeMeasurements.MeasureRecorder(),
                "record" => RecordMeasurement.Run(),
                "scale" => args.Length > 2 ? ScaleMeasurement.Run(int.Parse(args[2], CultureInfo.InvariantCulture)) : ScaleMeasurement.Run(),
                "flood" => FloodMeasurement.Measure(),
                _ => Usage(),
            };
            return true;
        }

        int port = 9100;
        double duration = double.PositiveInfinity;
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--port")
            {
                port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--duration")
            {
                duration = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        exitCode = args[1] switch
        {
            "ours" => ServeOurs(port, duration),
            "promnet" => ServePrometheusNet(port, duration),
            "otel" => ServeOpenTelemetry(port, duration),
            "raw" => ServeRaw(port, duration),
            _ => Usage(),
        };
        return true;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: serve ours|promnet|otel|raw --port N [--duration S] | measure alloc|recorder|record|scale [passes]|flood");
        return 64;
    }

    private static int ServeOurs(int port, double duration)
    {
        MetricRegistry registry = LoadWorkload.CreateOurs();
        using var server = new MetricsServer(new RegistryExposition(registry), new MetricsServerOptions { Host = "127.0.0.1", Port = port });
        server.Start();
        long allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        WaitForStop("ours", port, duration);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart;
        long scrapes = Math.Max(1, server.ScrapeCount);
        Console.WriteLine($"ours: {server.ScrapeCount} scrapes from {server.Renderer.RenderCount} renders, {allocated} bytes allocated process-wide while serving = {allocated / (double)scrapes:0.0} bytes/scrape (includes JIT/tiering and connection setup)");
        return 0;
    }

    private static int ServePrometheusNet(int port, double duration)
    {
        Prometheus.CollectorRegistry registry = LoadWorkload.CreatePrometheusNet();
        using var server = new Prometheus.MetricServer("127.0.0.1", port, "metrics/", registry);
        server.Start();
        WaitForStop("promnet", port, duration);
        return 0;
    }

    private static int ServeOpenTelemetry(int port, double duration)
    {
        const string MeterName = "bench";
        using MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(MeterName)
            .AddView("bench_latency_seconds", new ExplicitBucketHistogramConfiguration { Boundaries = LoadWorkload.Bounds })
            .AddPrometheusHttpListener(options =>
            {
                options.Host = "127.0.0.1";
                options.Port = port;
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .Build();
        using Meter meter = LoadWorkload.CreateOpenTelemetryMeter(MeterName);
        WaitForStop("otel", port, duration);
        return 0;
    }

    private static int ServeRaw(int port, double duration)
    {
        MetricRegistry registry = LoadWorkload.CreateOurs();
        using var body = new PooledBufferWriter();
        new RegistryExposition(registry).WriteTo(body, ExpositionFormat.PrometheusText);
        byte[] head = System.Text.Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: {body.WrittenCount}\r\n\r\n");
        byte[] response = [.. head, .. body.WrittenSpan];
        using var server = new RawPrerenderedServer(port, response);
        WaitForStop("raw", port, duration);
        return 0;
    }

    private static void WaitForStop(string name, int port, double duration)
    {
        using var stop = new ManualResetEventSlim();
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Set();
        });
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Set();
        });
        Console.WriteLine($"{name}: serving http://127.0.0.1:{port}/metrics");
        if (double.IsPositiveInfinity(duration))
        {
            stop.Wait();
        }
        else
        {
            stop.Wait(TimeSpan.FromSeconds(duration));
        }
    }
}
