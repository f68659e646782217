using System.Collections.Generic;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>The naming lints <c>promtool check metrics</c> (2.42) raises for the catalogue, in ordinal order.</summary>
/// <remarks>
/// Issue 4 fixes the names verbatim even where Prometheus naming advice differs, so these lints are expected
/// and pinned: a new lint, or one of these disappearing, means a name changed.
/// </remarks>
internal static class FixedNameLints
{
    public static IReadOnlyList<string> Expected { get; } =
    [
        "bot_close_latency_ms metric names should not contain abbreviated units",
        "bot_health_status_gauge metric name should not include type 'gauge'",
        "bot_open_latency_ms metric names should not contain abbreviated units",
        "bot_positions_open_gauge metric name should not include type 'gauge'",
        "bot_unrealized_pnl_gauge metric name should not include type 'gauge'",
    ];
}
