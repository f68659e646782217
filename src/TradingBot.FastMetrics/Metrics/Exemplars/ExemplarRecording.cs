using System;
using TradingBot.FastMetrics.Metrics.Native;

namespace TradingBot.FastMetrics.Metrics.Exemplars;

/// <summary>Records a counter increment or an observation together with an exemplar.</summary>
/// <remarks>
/// Allocation-free after a series' first exemplar (which creates its slots). Exemplars appear in OpenMetrics
/// (<c># {order_id="..."} value timestamp</c> on <c>_total</c> and <c>_bucket</c> samples) and in the
/// protobuf format (counter, classic bucket and native exemplars); the text format 0.0.4 omits them.
/// </remarks>
public static class ExemplarRecording
{
    /// <summary>Adds one to <paramref name="counter"/> and offers an exemplar of value 1.</summary>
    /// <param name="counter">The counter.</param>
    /// <param name="exemplar">The exemplar label layout.</param>
    /// <param name="value1">The first label's value, copied.</param>
    /// <param name="value2">The second label's value, when the layout has two.</param>
    public static void Inc(this Counter counter, ExemplarOptions exemplar, ReadOnlySpan<char> value1, ReadOnlySpan<char> value2 = default)
    {
        ArgumentNullException.ThrowIfNull(counter);
        counter.Inc();
        if (exemplar is not null)
        {
            ExemplarStore.Get(counter, exemplar, 1).Offer(exemplar, 0, 1, value1, value2);
        }
    }

    /// <summary>Observes <paramref name="value"/> and offers it as the exemplar of its bucket.</summary>
    /// <param name="histogram">The histogram.</param>
    /// <param name="value">The observed value; NaN and infinities are dropped and counted, with no exemplar.</param>
    /// <param name="exemplar">The exemplar label layout.</param>
    /// <param name="value1">The first label's value, copied.</param>
    /// <param name="value2">The second label's value, when the layout has two.</param>
    public static void Observe(this Histogram histogram, double value, ExemplarOptions exemplar, ReadOnlySpan<char> value1, ReadOnlySpan<char> value2 = default)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        histogram.Observe(value);
        if (exemplar is null || !double.IsFinite(value))
        {
            return;
        }

        HistogramBounds bounds = histogram.BoundsInfo;
        int slot;
        int slots;
        if (bounds.NativeOnly)
        {
            // No classic buckets: spread exemplars over a few slots by native bucket, so a scrape shows several.
            slots = ExemplarStore.NativeSlots;
            double magnitude = Math.Abs(value);
            slot = magnitude == 0 ? 0 : NativeBucketIndex.Of(magnitude, 0) & (slots - 1);
        }
        else
        {
            slots = bounds.Count + 1;
            slot = bounds.FindBucket(value);
        }

        ExemplarStore.Get(histogram, exemplar, slots).Offer(exemplar, slot, value, value1, value2);
    }
}
