using System;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Exposition.Protobuf;

/// <summary>A family's constant protobuf bytes: its name, help and type fields, and each series' label pairs.</summary>
/// <remarks>
/// Kept beside the family in a <see cref="ConditionalWeakTable{TKey, TValue}"/>, owned by this format. Series
/// label bytes sit at the series' position in the family's creation order, checked by reference, so a
/// steady-state scrape finds them with one array read; a removed series shifts the order and the entries
/// after it are rebuilt once.
/// </remarks>
internal sealed class ProtobufFamilyCache
{
    private static readonly ConditionalWeakTable<MetricFamily, ProtobufFamilyCache> s_caches = new();

    private Entry?[] _entries = new Entry?[4];

    private ProtobufFamilyCache(byte[] header)
    {
        Header = header;
    }

    /// <summary>Gets the MetricFamily fields 1 (name), 2 (help) and 3 (type), encoded.</summary>
    public byte[] Header { get; }

    /// <summary>Returns the cache of <paramref name="family"/>, building it on first use.</summary>
    public static ProtobufFamilyCache Get(MetricFamily family) =>
        s_caches.TryGetValue(family, out ProtobufFamilyCache? cache) ? cache : s_caches.GetValue(family, Create);

    /// <summary>Returns the constant bytes of the series at <paramref name="position"/>: its labels and created timestamp.</summary>
    public SeriesBytes Series(MetricFamily family, MetricSeries series, int position)
    {
        Entry?[] entries = Volatile.Read(ref _entries);
        if ((uint)position < (uint)entries.Length && entries[position] is { } entry && ReferenceEquals(entry.Series, series))
        {
            return new SeriesBytes(entry.Labels, entry.Created);
        }

        return SeriesSlow(family, series, position);
    }

    private SeriesBytes SeriesSlow(MetricFamily family, MetricSeries series, int position)
    {
        var entry = new Entry(series, EncodeLabels(family.LabelNameArray, series), EncodeCreated(series.CreatedUnixTicks));
        Entry?[] entries = Volatile.Read(ref _entries);
        if (position >= entries.Length)
        {
            Array.Resize(ref entries, Math.Max(entries.Length * 2, position + 1));
        }

        // Benign race: concurrent scrapes may each store an equal entry, or one may drop another's
        // growth; a lost entry is rebuilt on a later scrape. Entries are written whole, so a reader never
        // pairs one series with another's labels.
        Volatile.Write(ref entries[position], entry);
        Volatile.Write(ref _entries, entries);
        return new SeriesBytes(entry.Labels, entry.Created);
    }

    // The Timestamp message with its length prefix; the caller writes the field's tag.
    private static byte[] EncodeCreated(long unixTicks)
    {
        var writer = new ProtobufWriter(32);
        try
        {
            ProtobufExposition.WriteTimestamp(ref writer, 0, unixTicks);
            return writer.Written.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static ProtobufFamilyCache Create(MetricFamily family)
    {
        var writer = new ProtobufWriter(256);
        try
        {
            WriteString(ref writer, 1, family.Name);
            WriteString(ref writer, 2, family.Help);

            // MetricType: COUNTER 0 (the default, so not written, as the official runtime does), GAUGE 1,
            // HISTOGRAM 4. Info is a gauge of 1, as client_golang writes it.
            if (family.Type != MetricType.Counter)
            {
                writer.UInt64(3, family.Type == MetricType.Histogram ? 4UL : 1UL);
            }
            return new ProtobufFamilyCache(writer.Written.ToArray());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static byte[] EncodeLabels(string[] names, MetricSeries series)
    {
        var writer = new ProtobufWriter(256);
        try
        {
            if (series.IsOverflow)
            {
                // The overflow series carries only the marker, as in the text formats.
                WriteLabelPair(ref writer, "fastmetrics_overflow", "true");
            }
            else
            {
                ReadOnlySpan<string> values = series.LabelValues;
                for (int i = 0; i < names.Length; i++)
                {
                    WriteLabelPair(ref writer, names[i], values[i]);
                }
            }

            return writer.Written.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Writes one <c>LabelPair</c> message as field 1 of the enclosing message.</summary>
    internal static void WriteLabelPair(ref ProtobufWriter writer, string name, string value)
    {
        int start = writer.BeginMessage(1);
        WriteString(ref writer, 1, name);
        WriteString(ref writer, 2, value);
        writer.EndMessage(start);
    }

    // UTF-8; an unpaired surrogate becomes U+FFFD, as in the text formats.
    private static void WriteString(ref ProtobufWriter writer, int field, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        writer.Tag(field, ProtobufWriter.LengthDelimited);
        writer.WriteVarint((ulong)bytes.Length);
        writer.Raw(bytes);
    }

    /// <summary>A series' encoded <c>LabelPair</c> fields, and its created timestamp as a length-prefixed message.</summary>
    internal readonly struct SeriesBytes(byte[] labels, byte[] created)
    {
        public readonly byte[] Labels = labels;
        public readonly byte[] Created = created;
    }

    private sealed class Entry(MetricSeries series, byte[] labels, byte[] created)
    {
        public readonly MetricSeries Series = series;
        public readonly byte[] Labels = labels;
        public readonly byte[] Created = created;
    }
}
