using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Exemplars;
using TradingBot.FastMetrics.Metrics.Native;

namespace TradingBot.FastMetrics.Trading.Catalogue;

/// <summary>The bot's thirteen metric families, registered in one registry with their help text and buckets.</summary>
/// <remarks>
/// Construction registers every family (cold, takes the registry's lock); registering again over the same
/// registry returns the same families. Unlabeled families get their one series at once, so they are
/// scraped from the start; labeled families appear with their first label value. All members are
/// thread-safe; the handles are meant to be kept and recorded on directly.
/// </remarks>
public sealed class BotMetrics
{
    // Read once, so every catalogue built in this process reports the same start_time.
    private static readonly DateTimeOffset s_processStart = ReadProcessStart();

    /// <summary>Registers the catalogue with the assembly's informational version and this process's start time.</summary>
    /// <param name="registry">The registry to register the families in.</param>
    public BotMetrics(MetricRegistry registry)
        : this(registry, DefaultVersion, s_processStart)
    {
    }

    /// <summary>Registers the catalogue with an explicit version and start time (for tests and embedding hosts).</summary>
    /// <param name="registry">The registry to register the families in.</param>
    /// <param name="version">The value of <c>bot_info</c>'s <c>version</c> label.</param>
    /// <param name="startTime">The start time; <c>bot_info</c> carries it in UTC as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</param>
    public BotMetrics(MetricRegistry registry, string version, DateTimeOffset startTime)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(version);
        Registry = registry;

        OpenLatency = registry.CreateHistogramFamily(
            BotMetricNames.OpenLatency,
            "Time from sending an order that opens a position to its fill, in milliseconds.",
            [],
            LatencyBoundsMs.ToArray(),
            NativeBuckets).WithLabels();
        CloseLatency = registry.CreateHistogramFamily(
            BotMetricNames.CloseLatency,
            "Time from sending an order that closes a position to its fill, in milliseconds.",
            [],
            LatencyBoundsMs.ToArray(),
            NativeBuckets).WithLabels();
        EntrySlippage = registry.CreateHistogramFamily(
            BotMetricNames.EntrySlippage,
            "Entry fill price against the expected price, in basis points (1 bp = 0.01%): positive is worse for the position's side, negative is price improvement.",
            [],
            SlippageBoundsBps.ToArray(),
            NativeBuckets).WithLabels();
        ExitSlippage = registry.CreateHistogramFamily(
            BotMetricNames.ExitSlippage,
            "Exit fill price against the expected price, in basis points (1 bp = 0.01%): positive is worse for the position's side, negative is price improvement.",
            [],
            SlippageBoundsBps.ToArray(),
            NativeBuckets).WithLabels();
        GuardBlocks = registry.CreateCounterFamily(
            BotMetricNames.GuardBlocks,
            "Trades a risk guard refused to open, by guard (for example daily_loss, max_positions, cooldown).",
            [BotMetricNames.GuardLabel]);
        PositionsOpen = registry.CreateGauge(
            BotMetricNames.PositionsOpen,
            "Positions open right now.");
        UnrealizedPnl = registry.CreateGauge(
            BotMetricNames.UnrealizedPnl,
            "Profit (positive) or loss (negative) of the open positions at current prices, in the account currency.");
        ReconciliationOrphans = registry.CreateCounterFamily(
            BotMetricNames.ReconciliationOrphans,
            "Orphans found when reconciling with the exchange (an order or position known on one side only), by type.",
            [BotMetricNames.TypeLabel]);
        AnomalyTriggers = registry.CreateCounterFamily(
            BotMetricNames.AnomalyTriggers,
            "Times an anomaly detector fired (for example a price spike or a stale feed), by type.",
            [BotMetricNames.TypeLabel]);
        HealthStatus = registry.CreateGaugeFamily(
            BotMetricNames.HealthStatus,
            "Health of each bot component: 1 healthy, 0 unhealthy.",
            [BotMetricNames.ComponentLabel]);
        TradesOpened = registry.CreateCounterFamily(
            BotMetricNames.TradesOpened,
            "Positions opened (entry orders filled), by symbol.",
            [BotMetricNames.SymbolLabel]);
        TradesClosed = registry.CreateCounterFamily(
            BotMetricNames.TradesClosed,
            "Positions closed, by symbol and result (win, loss or breakeven).",
            [BotMetricNames.SymbolLabel, BotMetricNames.ResultLabel]);
        Info = registry.CreateInfo(
            BotMetricNames.Info,
            "Which bot build is running and since when: always 1, with the version and the UTC start time as labels.",
            [BotMetricNames.VersionLabel, BotMetricNames.StartTimeLabel],
            [version, FormatStartTime(startTime)]);
    }

    /// <summary>Gets the bucket upper bounds of both latency histograms, in milliseconds.</summary>
    public static ReadOnlySpan<double> LatencyBoundsMs => [50, 100, 250, 500, 1000, 2500, 5000];

    /// <summary>Gets the bucket upper bounds of both slippage histograms, in basis points.</summary>
    public static ReadOnlySpan<double> SlippageBoundsBps => [1, 2, 5, 10, 20, 50, 100, 200];

    /// <summary>Gets the native bucket options of the four hybrid histograms (latency and slippage): growth
    /// factor 1.1 (schema 3), at most 160 buckets.</summary>
    /// <remarks>The classic bounds stay for text scrapes and for a Prometheus without native histograms;
    /// native buckets also show negative slippage (price improvement), which the classic bounds cannot.</remarks>
    public static NativeHistogramOptions NativeBuckets { get; } = new() { BucketFactor = 1.1 };

    /// <summary>Gets the exemplar layout of latency observations and trade counts: one <c>order_id</c> label.</summary>
    public static ExemplarOptions OrderIdExemplar { get; } = new(["order_id"]);

    /// <summary>Gets the registry the families live in.</summary>
    public MetricRegistry Registry { get; }

    /// <summary>Gets <c>bot_open_latency_ms</c>.</summary>
    public Histogram OpenLatency { get; }

    /// <summary>Gets <c>bot_close_latency_ms</c>.</summary>
    public Histogram CloseLatency { get; }

    /// <summary>Gets <c>bot_entry_slippage_bps</c>.</summary>
    public Histogram EntrySlippage { get; }

    /// <summary>Gets <c>bot_exit_slippage_bps</c>.</summary>
    public Histogram ExitSlippage { get; }

    /// <summary>Gets <c>bot_guard_block_total</c>, by <c>guard</c>.</summary>
    public MetricFamily<Counter> GuardBlocks { get; }

    /// <summary>Gets <c>bot_positions_open_gauge</c>.</summary>
    public Gauge PositionsOpen { get; }

    /// <summary>Gets <c>bot_unrealized_pnl_gauge</c>.</summary>
    public Gauge UnrealizedPnl { get; }

    /// <summary>Gets <c>bot_reconciliation_orphans_total</c>, by <c>type</c>.</summary>
    public MetricFamily<Counter> ReconciliationOrphans { get; }

    /// <summary>Gets <c>bot_anomaly_trigger_total</c>, by <c>type</c>.</summary>
    public MetricFamily<Counter> AnomalyTriggers { get; }

    /// <summary>Gets <c>bot_health_status_gauge</c>, by <c>component</c>.</summary>
    public MetricFamily<Gauge> HealthStatus { get; }

    /// <summary>Gets <c>bot_trades_opened_total</c>, by <c>symbol</c>.</summary>
    public MetricFamily<Counter> TradesOpened { get; }

    /// <summary>Gets <c>bot_trades_closed_total</c>, by <c>symbol</c> and <c>result</c>.</summary>
    public MetricFamily<Counter> TradesClosed { get; }

    /// <summary>Gets the <c>bot_info</c> series.</summary>
    public Info Info { get; }

    private static string DefaultVersion =>
        typeof(BotMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(BotMetrics).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static DateTimeOffset ReadProcessStart()
    {
        try
        {
            using Process process = Process.GetCurrentProcess();
            return new DateTimeOffset(process.StartTime.ToUniversalTime());
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or Win32Exception)
        {
            // Some sandboxes hide the process start; the first use of the catalogue is the next best thing.
            return DateTimeOffset.UtcNow;
        }
    }

    private static string FormatStartTime(DateTimeOffset startTime) =>
        startTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
