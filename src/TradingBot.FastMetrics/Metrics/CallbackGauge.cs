using System;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>A gauge whose value a callback supplies at scrape time (open positions, PnL, a queue depth).</summary>
/// <remarks>
/// The callback runs on the scraping thread, once per scrape. It should be fast and must not block; if it
/// throws, the sample is left out of that scrape and the fault is counted in <c>fastmetrics_dropped_total</c>.
/// </remarks>
public sealed class CallbackGauge : MetricSeries
{
    private readonly Func<double> _callback;

    internal CallbackGauge(MetricFamily family, string[] labelValues, Func<double> callback)
        : base(family, labelValues, isOverflow: false)
    {
        _callback = callback;
    }

    /// <summary>Calls the callback; on a fault, counts it and returns <see langword="false"/>.</summary>
    internal bool TryRead(out double value)
    {
        try
        {
            value = _callback();
            return true;
        }
#pragma warning disable CA1031 // A user callback's fault must never break the scrape of every other metric.
        catch (Exception)
#pragma warning restore CA1031
        {
            Family.RecordDrop(DropReason.CallbackError);
            value = 0;
            return false;
        }
    }
}
