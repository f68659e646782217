using System;
using System.Collections.Generic;
using System.Linq;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Deploy;

/// <summary>Checks that the rules, their tests and the dashboard only query metrics the bot exports.</summary>
public sealed class DeployAssetTests
{
    // Series Prometheus itself adds to every scrape target; no exporter writes them.
    private static readonly HashSet<string> s_scrapeSeries = ["up", "scrape_duration_seconds", "scrape_samples_scraped"];

    // Self-metrics every registry exports alongside the catalogue.
    private static readonly HashSet<string> s_registrySeries = [MetricRegistry.DroppedMetricName, MetricRegistry.OverflowMetricName];

    // Process and runtime series the runner exports through ProcessCollector and the System.Runtime meter bridge
    // (MeterBridgeTests and ProcessCollectorTests prove these names); the dashboard's process row uses them.
    private static readonly HashSet<string> s_processSeries =
    [
        "process_cpu_seconds_total", "process_resident_memory_bytes", "dotnet_gc_last_collection_heap_size_bytes", "dotnet_gc_collections_total",
        "dotnet_gc_pause_time_seconds_total", "dotnet_thread_pool_thread_count_total", "dotnet_thread_pool_queue_length_total",
        "dotnet_monitor_lock_contentions_total",
    ];

    public static TheoryData<string> Assets => new() { "alerts.yml", "alerts_test.yml", "trading-bot-dashboard.json" };

    [Theory]
    [MemberData(nameof(Assets))]
    public void MetricNames_UsedInAsset_AreExportedByTheCatalogue(string asset)
    {
        List<string> names = NamesUsedIn(asset);

        Assert.NotEmpty(names);
        string[] unknown = names.Where(name => Resolve(name) is null).Distinct().ToArray();
        Assert.True(unknown.Length == 0, $"{asset} uses metrics the bot does not export: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Dashboard_ShowsEveryFamilyOfTheCatalogue()
    {
        HashSet<string> shown = NamesUsedIn("trading-bot-dashboard.json").Select(Resolve).OfType<string>().ToHashSet();

        string[] missing = BotMetricNames.All.Where(family => !shown.Contains(family)).ToArray();
        Assert.True(missing.Length == 0, $"The dashboard shows no panel for: {string.Join(", ", missing)}");
        Assert.Contains("scrape_duration_seconds", shown);
    }

    [Fact]
    public void Alerts_CoverTheRequiredConditions()
    {
        List<string> expressions = DeployAssets.YamlValues(DeployAssets.AlertsPath, "expr");
        string all = string.Join('\n', expressions);

        Assert.Contains("bot_anomaly_trigger_total", all, StringComparison.Ordinal);
        Assert.Contains("bot_guard_block_total", all, StringComparison.Ordinal);
        Assert.Contains("bot_health_status_gauge == 0", all, StringComparison.Ordinal);
        Assert.Contains("histogram_quantile(0.99", all, StringComparison.Ordinal);
        Assert.Contains("bot_open_latency_ms_bucket", all, StringComparison.Ordinal);
        Assert.Contains("bot_reconciliation_orphans_total", all, StringComparison.Ordinal);
        Assert.Contains("up{", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_HandlesFunctionsGroupingMatchersAndGrafanaVariables()
    {
        string expression = "histogram_quantile(0.99, sum by (job, le) (rate(bot_open_latency_ms_bucket{job=~\"$job\", le!=\"x\"}[$__rate_interval]))) > 1e3 and on (instance) up offset 5m";

        Assert.Equal(["bot_open_latency_ms_bucket", "up"], PromQlNames.Extract(expression).ToArray());
        Assert.Equal(["bot_info"], PromQlNames.Extract("label_values(bot_info{job=~\"$job\"}, instance)").ToArray());
    }

    private static List<string> NamesUsedIn(string asset) => asset switch
    {
        "alerts.yml" => DeployAssets.YamlValues(DeployAssets.AlertsPath, "expr").SelectMany(PromQlNames.Extract).ToList(),
        "alerts_test.yml" =>
        [
            .. DeployAssets.YamlValues(DeployAssets.AlertsTestPath, "expr").SelectMany(PromQlNames.Extract),
            .. DeployAssets.YamlValues(DeployAssets.AlertsTestPath, "series").Select(PromQlNames.SeriesName),
        ],
        _ => DeployAssets.DashboardQueries().SelectMany(PromQlNames.Extract).ToList(),
    };

    /// <summary>Returns the family a sample name belongs to, or null when the bot does not export it.</summary>
    private static string? Resolve(string name)
    {
        if (s_scrapeSeries.Contains(name) || s_registrySeries.Contains(name) || s_processSeries.Contains(name) || BotMetricNames.All.Contains(name))
        {
            return name;
        }

        string[] histograms = [BotMetricNames.OpenLatency, BotMetricNames.CloseLatency, BotMetricNames.EntrySlippage, BotMetricNames.ExitSlippage];
        foreach (string suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && histograms.Contains(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }
}
