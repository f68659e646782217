using System;
using System.Threading;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>What one exposition keeps about one family between scrapes: its constant bytes and its series' label bytes.</summary>
/// <remarks>
/// Owned by <see cref="RegistryExposition"/>, not by the metric types. The label bytes sit in an immutable
/// table of (series, bytes) in creation order, the order a family hands its series out. A scrape whose series
/// are exactly the table's (the steady state) uses it as it is and allocates nothing; otherwise it builds
/// a new table, keeping the bytes of every series still present and encoding the new ones, and publishes
/// it. A removed series leaves the table at the next scrape. Concurrent scrapes that both rebuild publish
/// equal tables; either one is kept.
/// </remarks>
internal sealed class FamilyCache
{
    private readonly FamilyEncoding _text;
    private readonly FamilyEncoding _openMetrics;
    private LabelTable _labels = new([], []);

    public FamilyCache(MetricFamily family)
    {
        Family = family;
        _text = FamilyEncoding.Create(family, ExpositionFormat.PrometheusText);
        _openMetrics = FamilyEncoding.Create(family, ExpositionFormat.OpenMetrics);
    }

    /// <summary>The family this cache describes.</summary>
    public MetricFamily Family { get; }

    /// <summary>Returns the family's constant bytes in <paramref name="format"/>.</summary>
    public FamilyEncoding Encoding(ExpositionFormat format) => format == ExpositionFormat.OpenMetrics ? _openMetrics : _text;

    /// <summary>Returns the encoded label pairs of each of <paramref name="series"/>, index for index.</summary>
    public byte[][] LabelsOf(ReadOnlySpan<MetricSeries> series)
    {
        LabelTable table = Volatile.Read(ref _labels);
        MetricSeries[] keys = table.Series;
        if (keys.Length == series.Length)
        {
            int i = 0;
            while (i < keys.Length && ReferenceEquals(keys[i], series[i]))
            {
                i++;
            }

            if (i == keys.Length)
            {
                return table.Labels;
            }
        }

        LabelTable rebuilt = Rebuild(table, series);
        Volatile.Write(ref _labels, rebuilt);
        return rebuilt.Labels;
    }

    private LabelTable Rebuild(LabelTable old, ReadOnlySpan<MetricSeries> series)
    {
        var keys = series.ToArray();
        var labels = new byte[keys.Length][];
        int j = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            // Both lists are in creation order: skip the old entries of removed series.
            MetricSeries item = keys[i];
            while (j < old.Series.Length && !ReferenceEquals(old.Series[j], item))
            {
                j++;
            }

            labels[i] = j < old.Series.Length
                ? old.Labels[j++]
                : LabelEscaper.EncodeLabelPairs(Family.LabelNameArray, item.LabelValues, item.IsOverflow);
        }

        return new LabelTable(keys, labels);
    }

    private sealed class LabelTable(MetricSeries[] series, byte[][] labels)
    {
        public readonly MetricSeries[] Series = series;
        public readonly byte[][] Labels = labels;
    }
}
