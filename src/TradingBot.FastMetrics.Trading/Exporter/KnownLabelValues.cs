using System.Collections.Generic;
using TradingBot.FastMetrics.Trading.Catalogue;

namespace TradingBot.FastMetrics.Trading.Exporter;

/// <summary>Label values known in advance, whose counter series <see cref="PrometheusExporter.InitializeSeries"/> creates at zero.</summary>
/// <remarks>
/// A counter series that first appears with the value 1 shows no increase to <c>rate()</c> or
/// <c>increase()</c>, so the first guard block or anomaly of a kind would not alert. Creating the series at
/// zero before trading starts avoids that.
/// </remarks>
public sealed class KnownLabelValues
{
    /// <summary>Gets the traded symbols (for <c>bot_trades_opened_total</c> and, with each result, <c>bot_trades_closed_total</c>).</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    /// <summary>Gets the trade results; by default <c>win</c>, <c>loss</c> and <c>breakeven</c>.</summary>
    public IReadOnlyList<string> Results { get; init; } = [BotLabelValues.Win, BotLabelValues.Loss, BotLabelValues.Breakeven];

    /// <summary>Gets the guard names (for <c>bot_guard_block_total</c>).</summary>
    public IReadOnlyList<string> Guards { get; init; } = [];

    /// <summary>Gets the orphan types (for <c>bot_reconciliation_orphans_total</c>).</summary>
    public IReadOnlyList<string> OrphanTypes { get; init; } = [];

    /// <summary>Gets the anomaly types (for <c>bot_anomaly_trigger_total</c>).</summary>
    public IReadOnlyList<string> AnomalyTypes { get; init; } = [];
}
