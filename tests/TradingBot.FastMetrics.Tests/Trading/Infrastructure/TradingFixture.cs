using System;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>A fresh registry, health registry and exporter over the catalogue (version 1.0.0, started at the Unix epoch), one per test.</summary>
internal sealed class TradingFixture
{
    public TradingFixture()
    {
        Exporter = new PrometheusExporter(new BotMetrics(Registry, "1.0.0", DateTimeOffset.UnixEpoch), Health);
    }

    public MetricRegistry Registry { get; } = new();

    public HealthRegistry Health { get; } = new();

    public PrometheusExporter Exporter { get; }

    public BotMetrics Metrics => Exporter.Metrics;

    /// <summary>Scrapes the registry in the Prometheus text format.</summary>
    public string ScrapeText() => Scrape.Text(Registry);
}
