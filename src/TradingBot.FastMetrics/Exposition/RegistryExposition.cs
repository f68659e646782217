using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Exposition.Protobuf;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>Writes a <see cref="MetricRegistry"/> in the Prometheus text format or OpenMetrics.</summary>
/// <remarks>
/// Families appear in registration order and series in creation order; a family with no series is left
/// out. Names, label pairs and <c>le</c> labels are encoded once and kept here, in this exposition's own
/// <see cref="FamilyCache"/> per family, so a steady-state scrape only copies bytes and formats numbers,
/// and into a reused <see cref="PooledBufferWriter"/> it allocates nothing. A family whose writing fails
/// (any exception) is taken back out of the output, counted in <c>fastmetrics_render_failures_total{metric}</c>,
/// and the scrape goes on with the next family. Safe to call concurrently: each call rents its own scratch
/// space, and readers never block recorders.
/// See https://github.com/prometheus/docs/blob/main/content/docs/instrumenting/exposition_formats.md
/// and https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md.
/// </remarks>
public sealed class RegistryExposition : IExpositionSource
{
    // Histograms with more buckets than this read their counts into a pooled array instead of the stack.
    private const int StackBuckets = 64;

    // A scrape into an output that cannot take bytes back (a PipeWriter, an ArrayBufferWriter) renders into
    // this spare first and is copied over whole. One spare is kept process-wide, as large as the largest
    // such scrape, so back-to-back scrapes allocate nothing; a second concurrent scrape makes its own.
    private static PooledBufferWriter? s_spare;

    private readonly MetricRegistry _registry;
    private readonly Lock _cachesLock = new();

    // Indexed like the registry's family list, which only grows.
    private FamilyCache?[] _caches = [];

    /// <summary>Creates an exposition of <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry to write.</param>
    public RegistryExposition(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    /// <summary>Gets the exposition of <see cref="MetricRegistry.Default"/>.</summary>
    public static RegistryExposition Default { get; } = new(MetricRegistry.Default);

    /// <summary>Called before each series is written; tests set it to make a family's rendering fail part-way.</summary>
    internal Action<MetricSeries>? BeforeSeriesWritten { get; set; }

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> output, ExpositionFormat format)
    {
        ArgumentNullException.ThrowIfNull(output);
        _registry.RunBeforeScrapeCallbacks();
        if (format == ExpositionFormat.Protobuf)
        {
            ProtobufExposition.WriteTo(_registry, output);
            return;
        }

        if (output is PooledBufferWriter pooled)
        {
            WriteToPooled(pooled, format);
            return;
        }

        PooledBufferWriter spare = Interlocked.Exchange(ref s_spare, null) ?? new PooledBufferWriter();
        try
        {
            spare.Reset();
            WriteToPooled(spare, format);
            CopyTo(spare.WrittenSpan, output);
        }
        finally
        {
            if (Interlocked.CompareExchange(ref s_spare, spare, null) is not null)
            {
                spare.Dispose();
            }
        }
    }

    /// <summary>Writes a scrape into a new string; convenient for tests and tools, not for the hot path.</summary>
    /// <param name="format">The text format to write.</param>
    /// <returns>The whole scrape.</returns>
    public string WriteToString(ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteTo(buffer, format);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void CopyTo(ReadOnlySpan<byte> bytes, IBufferWriter<byte> output)
    {
        while (!bytes.IsEmpty)
        {
            Span<byte> span = output.GetSpan(Math.Min(bytes.Length, 65536));
            int n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            output.Advance(n);
            bytes = bytes[n..];
        }
    }

    private void WriteToPooled(PooledBufferWriter output, ExpositionFormat format)
    {
        var writer = new PrometheusTextWriter(output);
        MetricSeries[] scratch = ArrayPool<MetricSeries>.Shared.Rent(256);
        try
        {
            MetricFamily[] families = _registry.FamiliesSnapshot;
            for (int index = 0; index < families.Length; index++)
            {
                MetricFamily family = families[index];
                int count;
                while ((count = family.CopySeries(scratch)) > scratch.Length)
                {
                    ArrayPool<MetricSeries>.Shared.Return(scratch, clearArray: true);
                    scratch = ArrayPool<MetricSeries>.Shared.Rent(count * 2);
                }

                if (count == 0)
                {
                    continue;
                }

                int mark = writer.Mark();
                try
                {
                    WriteFamily(ref writer, CacheFor(family, index), scratch.AsSpan(0, count), format);
                }
#pragma warning disable CA1031 // One family's fault must not cost the scrape of every other family.
                catch (Exception)
#pragma warning restore CA1031
                {
                    writer.Rewind(mark);
                    _registry.RenderFailuresFamily.WithLabels(family.Name).Inc();
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

    private FamilyCache CacheFor(MetricFamily family, int index)
    {
        FamilyCache?[] caches = Volatile.Read(ref _caches);
        return (uint)index < (uint)caches.Length && caches[index] is { } cache ? cache : CacheForSlow(family, index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FamilyCache CacheForSlow(MetricFamily family, int index)
    {
        lock (_cachesLock)
        {
            FamilyCache?[] caches = _caches;
            if ((uint)index < (uint)caches.Length && caches[index] is { } cache)
            {
                return cache;
            }

            var grown = new FamilyCache?[Math.Max(index + 1, _registry.FamiliesSnapshot.Length)];
            caches.CopyTo(grown, 0);
            FamilyCache created = new(family);
            grown[index] = created;
            Volatile.Write(ref _caches, grown);
            return created;
        }
    }

    private void WriteFamily(ref PrometheusTextWriter writer, FamilyCache cache, ReadOnlySpan<MetricSeries> series, ExpositionFormat format)
    {
        FamilyEncoding encoding = cache.Encoding(format);
        byte[][] labelsOf = cache.LabelsOf(series);
        bool om = format == ExpositionFormat.OpenMetrics;
        Action<MetricSeries>? hook = BeforeSeriesWritten;
        writer.Write(encoding.Header);
        for (int i = 0; i < series.Length; i++)
        {
            MetricSeries item = series[i];
            byte[] labels = labelsOf[i];
            hook?.Invoke(item);

            // One case per concrete series type; a type without one throws, so the family is counted as a
            // render failure instead of vanishing silently (a test checks every type has a case).
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
                default:
                    ThrowHelper.ThrowInvalidOperationException_NoSeriesWriter(cache.Family.Name, item.GetType().Name);
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

            // One pass over the rows reads every bucket and the sum; the cumulative values and _count all
            // derive from those reads, so the +Inf bucket equals _count and buckets never decrease.
            histogram.Read(counts, out double sum);
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
