using System;
using System.Buffers;
using System.Text;
using TradingBot.FastMetrics.Exposition.Protobuf;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>Writes a <see cref="MetricRegistry"/> in the Prometheus text format or OpenMetrics.</summary>
/// <remarks>
/// Families appear in registration order and series in creation order; a family with no series is left
/// out. Names, label pairs and <c>le</c> labels are encoded once, so a steady-state scrape only copies
/// bytes and formats numbers, and into a reused buffer it allocates nothing. Safe to call concurrently:
/// each call rents its own scratch space, and readers never block recorders.
/// See https://github.com/prometheus/docs/blob/main/content/docs/instrumenting/exposition_formats.md
/// and https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md.
/// </remarks>
public sealed class RegistryExposition : IExpositionSource
{
    // Histograms with more buckets than this read their counts into a pooled array instead of the stack.
    private const int StackBuckets = 64;

    private readonly MetricRegistry _registry;

    /// <summary>Creates an exposition of <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry to write.</param>
    public RegistryExposition(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    /// <summary>Gets the exposition of <see cref="MetricRegistry.Default"/>.</summary>
    public static RegistryExposition Default { get; } = new(MetricRegistry.Default);

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> output, ExpositionFormat format)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (format == ExpositionFormat.Protobuf)
        {
            ProtobufExposition.WriteTo(_registry, output);
            return;
        }

        var writer = new PrometheusTextWriter(output);
        MetricSeries[] scratch = ArrayPool<MetricSeries>.Shared.Rent(256);
        try
        {
            foreach (MetricFamily family in _registry.FamiliesSnapshot)
            {
                int count;
                while ((count = family.CopySeries(scratch)) > scratch.Length)
                {
                    ArrayPool<MetricSeries>.Shared.Return(scratch, clearArray: true);
                    scratch = ArrayPool<MetricSeries>.Shared.Rent(count * 2);
                }

                if (count > 0)
                {
                    WriteFamily(ref writer, family, scratch.AsSpan(0, count), format);
                }
            }

            if (format == ExpositionFormat.OpenMetrics)
            {
                writer.Write("# EOF\n"u8);
            }

            writer.Flush();
        }
        finally
        {
            ArrayPool<MetricSeries>.Shared.Return(scratch, clearArray: true);
        }
    }

    /// <summary>Writes a scrape into a new string; convenient for tests and tools, not for the hot path.</summary>
    /// <param name="format">The text format to write.</param>
    /// <returns>The whole scrape.</returns>
    public string WriteToString(ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteTo(buffer, format);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteFamily(ref PrometheusTextWriter writer, MetricFamily family, ReadOnlySpan<MetricSeries> series, ExpositionFormat format)
    {
        FamilyEncoding encoding = FamilyEncoding.Get(family, format);
        bool om = format == ExpositionFormat.OpenMetrics;
        writer.Write(encoding.Header);
        foreach (MetricSeries item in series)
        {
            byte[] labels = item.EncodedLabels ??= LabelEscaper.EncodeLabelPairs(family.LabelNameArray, item.LabelValues, item.IsOverflow);
            switch (item)
            {
                case Counter counter:
                    counter.Read(out long whole, out double fraction);
                    WriteSampleStart(ref writer, encoding.Sample, labels);
                    if (fraction == 0)
                    {
                        writer.WriteLong(whole);
                    }
                    else
                    {
                        writer.WriteDouble(whole + fraction, om);
                    }

                    if (om)
                    {
                        ExemplarText.Write(ref writer, counter.Exemplars, 0);
                    }

                    writer.Write((byte)'\n');
                    break;
                case Gauge gauge:
                    WriteSampleStart(ref writer, encoding.Sample, labels);
                    writer.WriteDouble(gauge.Value, om);
                    writer.Write((byte)'\n');
                    break;
                case CallbackGauge callback:
                    if (callback.TryRead(out double value))
                    {
                        WriteSampleStart(ref writer, encoding.Sample, labels);
                        writer.WriteDouble(value, om);
                        writer.Write((byte)'\n');
                    }

                    break;
                case Histogram histogram:
                    WriteHistogram(ref writer, encoding, histogram, labels, om);
                    break;
                case Info:
                    WriteSampleStart(ref writer, encoding.Sample, labels);
                    writer.Write((byte)'1');
                    writer.Write((byte)'\n');
                    break;
            }
        }
    }

    private static void WriteHistogram(ref PrometheusTextWriter writer, FamilyEncoding encoding, Histogram histogram, byte[] labels, bool om)
    {
        int buckets = histogram.BoundsInfo.Count + 1;
        long[]? rented = null;
        Span<long> counts = buckets <= StackBuckets
            ? stackalloc long[StackBuckets]
            : (rented = ArrayPool<long>.Shared.Rent(buckets));
        try
        {
            counts = counts[..buckets];

            // One read of every bucket; the cumulative values and _count all derive from it, so the
            // +Inf bucket equals _count and the buckets never decrease within this scrape.
            histogram.ReadBuckets(counts);
            double sum = histogram.Sum;
            long cumulative = 0;

            // A native-only histogram has no classic buckets to show in text: _sum and _count only.
            bool classic = histogram.Native is not { NativeOnly: true };
            for (int i = 0; i < buckets; i++)
            {
                cumulative += counts[i];
                if (!classic)
                {
                    continue;
                }

                writer.Write(encoding.Bucket);
                writer.Write((byte)'{');
                if (labels.Length > 0)
                {
                    writer.Write(labels);
                    writer.Write((byte)',');
                }

                writer.Write(encoding.Le[i]);
                writer.Write("} "u8);
                writer.WriteLong(cumulative);
                if (om)
                {
                    ExemplarText.Write(ref writer, histogram.Exemplars, i);
                }

                writer.Write((byte)'\n');
            }

            WriteSampleStart(ref writer, encoding.Sum, labels);
            writer.WriteDouble(sum, om);
            writer.Write((byte)'\n');
            WriteSampleStart(ref writer, encoding.Count, labels);
            writer.WriteLong(cumulative);
            writer.Write((byte)'\n');
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    private static void WriteSampleStart(ref PrometheusTextWriter writer, byte[] name, byte[] labels)
    {
        writer.Write(name);
        if (labels.Length > 0)
        {
            writer.Write((byte)'{');
            writer.Write(labels);
            writer.Write((byte)'}');
        }

        writer.Write((byte)' ');
    }
}
