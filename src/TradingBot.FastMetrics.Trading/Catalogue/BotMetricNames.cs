using System.Collections.Generic;

namespace TradingBot.FastMetrics.Trading.Catalogue;

/// <summary>The names of the bot's metric families and their labels, fixed by the bot's specification.</summary>
/// <remarks>
/// The names are verbatim from the specification even where Prometheus naming advice differs (the
/// <c>_gauge</c> suffixes, milliseconds rather than seconds); dashboards and alerts depend on them.
/// </remarks>
public static class BotMetricNames
{
    /// <summary>Histogram of opening-order latency, in milliseconds.</summary>
    public const string OpenLatency = "bot_open_latency_ms";

    /// <summary>Histogram of closing-order latency, in milliseconds.</summary>
    public const string CloseLatency = "bot_close_latency_ms";

    /// <summary>Histogram of signed entry slippage, in basis points.</summary>
    public const string EntrySlippage = "bot_entry_slippage_bps";

    /// <summary>Histogram of signed exit slippage, in basis points.</summary>
    public const string ExitSlippage = "bot_exit_slippage_bps";

    /// <summary>Counter of trades a guard blocked, labelled by <see cref="GuardLabel"/>.</summary>
    public const string GuardBlocks = "bot_guard_block_total";

    /// <summary>Gauge of positions open now.</summary>
    public const string PositionsOpen = "bot_positions_open_gauge";

    /// <summary>Gauge of the open positions' unrealized profit and loss.</summary>
    public const string UnrealizedPnl = "bot_unrealized_pnl_gauge";

    /// <summary>Counter of reconciliation orphans, labelled by <see cref="TypeLabel"/>.</summary>
    public const string ReconciliationOrphans = "bot_reconciliation_orphans_total";

    /// <summary>Counter of anomaly triggers, labelled by <see cref="TypeLabel"/>.</summary>
    public const string AnomalyTriggers = "bot_anomaly_trigger_total";

    /// <summary>Gauge of component health (1 healthy, 0 unhealthy), labelled by <see cref="ComponentLabel"/>.</summary>
    public const string HealthStatus = "bot_health_status_gauge";

    /// <summary>Counter of positions opened, labelled by <see cref="SymbolLabel"/>.</summary>
    public const string TradesOpened = "bot_trades_opened_total";

    /// <summary>Counter of positions closed, labelled by <see cref="SymbolLabel"/> and <see cref="ResultLabel"/>.</summary>
    public const string TradesClosed = "bot_trades_closed_total";

    /// <summary>Info metric carrying <see cref="VersionLabel"/> and <see cref="StartTimeLabel"/>.</summary>
    public const string Info = "bot_info";

    /// <summary>The label naming the guard that blocked a trade.</summary>
    public const string GuardLabel = "guard";

    /// <summary>The label naming the kind of orphan or anomaly.</summary>
    public const string TypeLabel = "type";

    /// <summary>The label naming a bot component.</summary>
    public const string ComponentLabel = "component";

    /// <summary>The label naming the traded instrument.</summary>
    public const string SymbolLabel = "symbol";

    /// <summary>The label naming how a trade ended: <c>win</c>, <c>loss</c> or <c>breakeven</c>.</summary>
    public const string ResultLabel = "result";

    /// <summary>The info label carrying the bot version.</summary>
    public const string VersionLabel = "version";

    /// <summary>The info label carrying the UTC start time in ISO 8601.</summary>
    public const string StartTimeLabel = "start_time";

    /// <summary>Gets the thirteen family names, in the order the catalogue registers them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        OpenLatency,
        CloseLatency,
        EntrySlippage,
        ExitSlippage,
        GuardBlocks,
        PositionsOpen,
        UnrealizedPnl,
        ReconciliationOrphans,
        AnomalyTriggers,
        HealthStatus,
        TradesOpened,
        TradesClosed,
        Info,
    ];
}
