using System;
using System.Buffers;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Native;

namespace TradingBot.FastMetrics.Exposition.Protobuf;

/// <summary>Writes a registry as length-delimited <c>io.prometheus.client.MetricFamily</c> messages.</summary>
/// <remarks>
/// The media type is <c>application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited</c>:
/// each family is a varint length then the message. Field numbers are those of prometheus/client_model's
/// metrics.proto (https://github.com/prometheus/client_model/blob/master/io/prometheus/client/metrics.proto).
/// Each family is encoded into a rented scratch buffer and copied to the output; with warm pools a scrape
/// allocates nothing. Every series is read once, as the text writers read it.
/// </remarks>
internal static partial class ProtobufExposition
{
    // Metric: label 1, gauge 2, counter 3, histogram 7. Gauge/Counter: value 1. Counter: created_timestamp 3.
    private const int MetricField = 4;
    private const int MetricLabel = 1;
    private const int MetricGauge = 2;
    private const int MetricCounter = 3;
    private const int MetricHistogram = 7;
    private const int ValueField = 1;
    private const int CounterExemplar = 2;
    private const int CounterCreated = 3;

    /// <summary>Writes every family with at least one series into <paramref name="output"/>.</summary>
    public static void WriteTo(MetricRegistry registry, IBufferWriter<byte> output)
    {
        var writer = new ProtobufWriter(16 * 1024);
        MetricSeries[] scratch = ArrayPool<MetricSeries>.Shared.Rent(256);
        var native = default(NativeReading);
        try
        {
            foreach (MetricFamily family in registry.FamiliesSnapshot)
            {
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

                writer.Reset();
                bool written;
                try
                {
                    written = WriteFamily(ref writer, family, scratch.AsSpan(0, count), ref native);
                }
#pragma warning disable CA1031 // As in the text formats: one family's fault must not cost the scrape of every other family.
                catch (Exception)
#pragma warning restore CA1031
                {
                    // Nothing of the family reached the output yet: it is encoded in scratch and copied whole.
                    registry.RenderFailuresFamily.WithLabels(family.Name).Inc();
                    continue;
                }

                if (written)
                {
                    // The frame's length prefix goes straight to the output, so the family is never moved.
                    ReadOnlySpan<byte> encoded = writer.Written;
                    Span<byte> prefix = output.GetSpan(10);
                    output.Advance(ProtobufWriter.WriteVarint(prefix, (ulong)encoded.Length));
                    output.Write(encoded);
                }
            }
        }
        finally
        {
            native.Dispose();
            writer.Dispose();
            ArrayPool<MetricSeries>.Shared.Return(scratch, clearArray: true);
        }
    }

    /// <summary>Writes one family; returns false when no series produced a metric (all callbacks failed).</summary>
    private static bool WriteFamily(ref ProtobufWriter writer, MetricFamily family, ReadOnlySpan<MetricSeries> series, ref NativeReading native)
    {
        ProtobufFamilyCache cache = ProtobufFamilyCache.Get(family);
        writer.Raw(cache.Header);
        bool any = false;
        for (int i = 0; i < series.Length; i++)
        {
            MetricSeries item = series[i];
            double callbackValue = 0;
            if (item is CallbackGauge callback && !callback.TryRead(out callbackValue))
            {
                continue;
            }

            any = true;
            ProtobufFamilyCache.SeriesBytes bytes = cache.Series(family, item, i);
            if (TryWriteSimple(ref writer, item, bytes, callbackValue))
            {
                continue;
            }

            int metric = writer.BeginMessage(MetricField);
            writer.Raw(bytes.Labels);
            switch (item)
            {
                case Counter counter:
                    WriteCounter(ref writer, counter, bytes.Created);
                    break;
                case Gauge gauge:
                    WriteGauge(ref writer, gauge.Value);
                    break;
                case CallbackGauge:
                    WriteGauge(ref writer, callbackValue);
                    break;
                case Histogram histogram:
                    WriteHistogram(ref writer, histogram, bytes.Created, ref native);
                    break;
                case Info:
                    WriteGauge(ref writer, 1);
                    break;
                default:
                    ThrowHelper.ThrowInvalidOperationException_NoSeriesWriter(family.Name, item.GetType().Name);
                    break;
            }

            writer.EndMessage(metric);
        }

        return any;
    }

    /// <summary>Writes a counter without exemplar, a gauge or an info series in one go, its lengths computed up front.</summary>
    /// <remarks>The common series of a large scrape; everything else goes through the general nested-message path.</remarks>
    private static bool TryWriteSimple(ref ProtobufWriter writer, MetricSeries item, ProtobufFamilyCache.SeriesBytes bytes, double callbackValue)
    {
        double value;
        int field;
        ReadOnlySpan<byte> created = default;
        switch (item)
        {
            case Counter counter when counter.Exemplars is null:
                counter.Read(out long whole, out double fraction);
                value = whole + fraction;
                field = MetricCounter;
                created = bytes.Created;
                break;
            case Gauge gauge:
                value = gauge.Value;
                field = MetricGauge;
                break;
            case CallbackGauge:
                value = callbackValue;
                field = MetricGauge;
                break;
            case Info:
                value = 1;
                field = MetricGauge;
                break;
            default:
                return false;
        }

        // Zero is proto3's default and left out, as the official runtime does.
        int inner = (value != 0 ? 9 : 0) + (created.IsEmpty ? 0 : 1 + created.Length);
        int metric = bytes.Labels.Length + 1 + ProtobufWriter.VarintSize((ulong)inner) + inner;
        Span<byte> span = writer.GetSpan(1 + 5 + metric);
        span[0] = (MetricField << 3) | ProtobufWriter.LengthDelimited;
        int n = 1 + ProtobufWriter.WriteVarint(span[1..], (ulong)metric);
        bytes.Labels.CopyTo(span[n..]);
        n += bytes.Labels.Length;
        span[n++] = (byte)((field << 3) | ProtobufWriter.LengthDelimited);
        n += ProtobufWriter.WriteVarint(span[n..], (ulong)inner);
        if (value != 0)
        {
            span[n++] = (ValueField << 3) | ProtobufWriter.Fixed64;
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(span[n..], value);
            n += 8;
        }

        if (!created.IsEmpty)
        {
            span[n++] = (CounterCreated << 3) | ProtobufWriter.LengthDelimited;
            created.CopyTo(span[n..]);
            n += created.Length;
        }

        writer.Advance(n);
        return true;
    }

    private static void WriteGauge(ref ProtobufWriter writer, double value)
    {
        // Zero is proto3's default and left out, as the official runtime does; readers take it as 0.
        int gauge = writer.BeginMessage(MetricGauge);
        if (value != 0)
        {
            writer.Double(ValueField, value);
        }

        writer.EndMessage(gauge);
    }

    private static void WriteCounter(ref ProtobufWriter writer, Counter counter, byte[] created)
    {
        counter.Read(out long whole, out double fraction);
        int message = writer.BeginMessage(MetricCounter);
        double value = whole + fraction;
        if (value != 0)
        {
            writer.Double(ValueField, value);
        }

        WriteCounterExemplar(ref writer, counter, CounterExemplar);
        writer.Tag(CounterCreated, ProtobufWriter.LengthDelimited);
        writer.Raw(created);
        writer.EndMessage(message);
    }

    /// <summary>Writes a <c>google.protobuf.Timestamp</c> (seconds 1, nanos 2) from Unix-epoch ticks.</summary>
    internal static void WriteTimestamp(ref ProtobufWriter writer, int field, long unixTicks)
    {
        int timestamp = writer.BeginMessage(field);
        long seconds = Math.DivRem(unixTicks, TimeSpan.TicksPerSecond, out long remainder);
        if (seconds != 0)
        {
            writer.UInt64(1, (ulong)seconds);
        }

        if (remainder != 0)
        {
            writer.UInt64(2, (ulong)(remainder * 100));
        }

        writer.EndMessage(timestamp);
    }
}
