using System;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>A registry with one metric of every kind, served by a <see cref="MetricsServer"/> on 127.0.0.1 and a free port.</summary>
public sealed class MetricsServerHarness : IAsyncDisposable
{
    private MetricsServerHarness(MetricRegistry registry, HealthRegistry health, MetricsServer server)
    {
        Registry = registry;
        Health = health;
        Server = server;
        Exposition = new RegistryExposition(registry);
    }

    public MetricRegistry Registry { get; }

    public HealthRegistry Health { get; }

    public MetricsServer Server { get; }

    public RegistryExposition Exposition { get; }

    public int Port => Server.Port;

    public static MetricsServerHarness Start(Action<MetricsServerOptions>? configure = null, bool promtoolCompatible = false)
    {
        MetricRegistry registry = CreateSampleRegistry(promtoolCompatible);
        var health = new HealthRegistry();
        var options = new MetricsServerOptions { Host = "127.0.0.1", Port = 0, Health = health };
        configure?.Invoke(options);
        var server = new MetricsServer(new RegistryExposition(registry), options);
        server.Start();
        return new MetricsServerHarness(registry, health, server);
    }

    /// <summary>One series of every kind, with known values.</summary>
    /// <param name="promtoolCompatible">Leave out what promtool 2.42's text parser cannot read in OpenMetrics: info, and quotes in HELP.</param>
    public static MetricRegistry CreateSampleRegistry(bool promtoolCompatible = false)
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> orders = registry.CreateCounterFamily("test_orders_total", "Orders sent, by side.", ["side"]);
        orders.WithLabels("buy").Inc(5);
        orders.WithLabels("sell").Inc(2);
        registry.CreateGauge("test_open_positions", "Open positions.").Set(3);
        Histogram latency = registry.CreateHistogram("test_latency_seconds", "Order latency.", [0.1, 0.5, 1, 2.5]);
        latency.Observe(0.05);
        latency.Observe(0.3);
        latency.Observe(0.7);
        latency.Observe(5);
        if (!promtoolCompatible)
        {
            registry.CreateInfo("test_build_info", "Build.", ["version"], ["1.2.3"]);
        }

        registry.CreateCallbackGauge("test_queue_depth", promtoolCompatible ? "Queue depth now." : "Queue depth \"now\".", () => 7);
        return registry;
    }

    public Task<RawHttpClient> ConnectAsync() => RawHttpClient.ConnectAsync(Port);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
