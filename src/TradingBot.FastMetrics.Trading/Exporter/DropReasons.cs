namespace TradingBot.FastMetrics.Trading.Exporter;

/// <summary>The <c>reason</c> label values the exporter uses when it drops bad input.</summary>
/// <remarks>
/// Drops are counted in the registry's <c>fastmetrics_dropped_total{metric,reason}</c>, next to the
/// library's own reasons (<c>negative_increment</c>, <c>nan</c>, <c>infinite</c>, <c>callback_error</c>).
/// </remarks>
public static class DropReasons
{
    /// <summary>A label value was null.</summary>
    public const string NullLabel = "null_label";

    /// <summary>A label value was empty, which Prometheus treats as the label being absent.</summary>
    public const string EmptyLabel = "empty_label";

    /// <summary>A value was NaN.</summary>
    public const string NaN = "nan";

    /// <summary>A value was infinite.</summary>
    public const string Infinite = "infinite";

    /// <summary>A latency or a count was negative (for timestamps: the end came before the start).</summary>
    public const string Negative = "negative";

    /// <summary>A timestamp was zero, that is never taken.</summary>
    public const string MissingTimestamp = "missing_timestamp";

    /// <summary>An expected or fill price was zero, negative or not finite, so slippage is undefined.</summary>
    public const string InvalidPrice = "invalid_price";

    /// <summary>An enum value (side or result) was outside its defined values.</summary>
    public const string InvalidEnum = "invalid_enum";
}
