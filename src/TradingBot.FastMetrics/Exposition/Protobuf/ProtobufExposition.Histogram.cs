using System;
using System.Buffers;
using System.Buffers.Binary;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Native;

namespace TradingBot.FastMetrics.Exposition.Protobuf;

/// <content>The Histogram message: classic buckets, native buckets, or both.</content>
internal static partial class ProtobufExposition
{
    // Histogram fields, in the order the official runtime writes them (by number).
    private const int SampleCount = 1;
    private const int SampleSum = 2;
    private const int BucketField = 3;
    private const int Schema = 5;
    private const int ZeroThreshold = 6;
    private const int ZeroCount = 7;
    private const int NegativeSpan = 9;
    private const int NegativeDelta = 10;
    private const int PositiveSpan = 12;
    private const int PositiveDelta = 13;
    private const int HistogramCreated = 15;
    private const int NativeExemplars = 16;

    // Bucket: cumulative_count 1, upper_bound 2, exemplar 3. BucketSpan: offset 1 (sint32), length 2.
    private const int StackBuckets = 64;

    // Zero buckets inside a span cost one byte each; a longer gap starts a new span (client_golang uses 2 too).
    private const int MaxGapInSpan = 2;

    private static void WriteHistogram(ref ProtobufWriter writer, Histogram histogram, byte[] created, ref NativeReading native)
    {
        NativeHistogramStorage? storage = histogram.Native;
        bool classic = storage is not { NativeOnly: true };
        int buckets = histogram.BoundsInfo.Count + 1;
        long[]? rented = null;
        Span<long> counts = buckets <= StackBuckets ? stackalloc long[StackBuckets] : (rented = ArrayPool<long>.Shared.Rent(buckets));
        try
        {
            counts = counts[..buckets];
            long count = 0;
            double sum = 0;
            if (classic)
            {
                // Classic first, native second: Observe records native before classic, so the native count
                // read later is never below this total, and _count (from the native read) tops every bucket.
                histogram.ReadBuckets(counts);
                foreach (long bucket in counts)
                {
                    count += bucket;
                }

                sum = histogram.Sum;
            }

            if (storage is not null)
            {
                storage.Read(ref native);
                count = native.Count;
                sum = native.Sum;
            }

            int message = writer.BeginMessage(MetricHistogram);
            if (count != 0)
            {
                writer.UInt64(SampleCount, (ulong)count);
            }

            if (sum != 0)
            {
                writer.Double(SampleSum, sum);
            }

            if (classic)
            {
                WriteClassicBuckets(ref writer, histogram, counts);
            }

            if (storage is not null)
            {
                WriteNative(ref writer, in native);
            }

            writer.Tag(HistogramCreated, ProtobufWriter.LengthDelimited);
            writer.Raw(created);
            if (storage is not null)
            {
                WriteNativeExemplars(ref writer, histogram, NativeExemplars);
            }

            writer.EndMessage(message);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    private static void WriteClassicBuckets(ref ProtobufWriter writer, Histogram histogram, ReadOnlySpan<long> counts)
    {
        // The +Inf bucket is optional and left out, as client_golang does: readers take it from sample_count.
        ReadOnlySpan<double> bounds = histogram.Bounds;
        long cumulative = 0;
        for (int i = 0; i < bounds.Length; i++)
        {
            cumulative += counts[i];
            if (histogram.Exemplars is null)
            {
                // No exemplar: the Bucket's length is known, so it is written in one go.
                int length = (cumulative != 0 ? 1 + ProtobufWriter.VarintSize((ulong)cumulative) : 0) + (bounds[i] != 0 ? 9 : 0);
                Span<byte> span = writer.GetSpan(2 + length);
                span[0] = (BucketField << 3) | ProtobufWriter.LengthDelimited;
                span[1] = (byte)length;
                int n = 2;
                if (cumulative != 0)
                {
                    span[n++] = (1 << 3) | ProtobufWriter.Varint;
                    n += ProtobufWriter.WriteVarint(span[n..], (ulong)cumulative);
                }

                if (bounds[i] != 0)
                {
                    span[n++] = (2 << 3) | ProtobufWriter.Fixed64;
                    BinaryPrimitives.WriteDoubleLittleEndian(span[n..], bounds[i]);
                    n += 8;
                }

                writer.Advance(n);
                continue;
            }

            int bucket = writer.BeginMessage(BucketField);
            if (cumulative != 0)
            {
                writer.UInt64(1, (ulong)cumulative);
            }

            if (bounds[i] != 0)
            {
                writer.Double(2, bounds[i]);
            }

            WriteBucketExemplar(ref writer, histogram, i, 3);
            writer.EndMessage(bucket);
        }
    }

    private static void WriteNative(ref ProtobufWriter writer, in NativeReading native)
    {
        if (native.Schema != 0)
        {
            writer.SInt64(Schema, native.Schema);
        }

        if (native.ZeroThreshold != 0)
        {
            writer.Double(ZeroThreshold, native.ZeroThreshold);
        }

        if (native.ZeroCount != 0)
        {
            writer.UInt64(ZeroCount, (ulong)native.ZeroCount);
        }

        WriteSpansAndDeltas(ref writer, native.NegativeCounts, native.NegativeFirst, NegativeSpan, NegativeDelta);
        if (native.PositiveCounts.IsEmpty && native.NegativeCounts.IsEmpty)
        {
            // The no-op span (offset 0, length 0) marks an empty histogram as native, per metrics.proto.
            writer.Tag(PositiveSpan, ProtobufWriter.LengthDelimited);
            writer.WriteVarint(0);
            return;
        }

        WriteSpansAndDeltas(ref writer, native.PositiveCounts, native.PositiveFirst, PositiveSpan, PositiveDelta);
    }

    /// <summary>Writes the spans, then the packed deltas, of one sign's dense counts (first and last non-zero).</summary>
    /// <remarks>
    /// Spec: https://github.com/prometheus/client_model/blob/master/io/prometheus/client/metrics.proto (BucketSpan):
    /// the first span's offset is the index of its first bucket, later offsets the gap since the previous
    /// span; deltas run across spans, the first against zero.
    /// </remarks>
    private static void WriteSpansAndDeltas(ref ProtobufWriter writer, ReadOnlySpan<long> counts, int first, int spanField, int deltaField)
    {
        if (counts.IsEmpty)
        {
            return;
        }

        int position = 0;
        int previousEnd = -1;
        while (NextSpan(counts, ref position, out int start, out int end))
        {
            int span = writer.BeginMessage(spanField);
            int offset = previousEnd < 0 ? first + start : start - previousEnd;
            if (offset != 0)
            {
                writer.SInt64(1, offset);
            }

            writer.UInt64(2, (ulong)(end - start));
            writer.EndMessage(span);
            previousEnd = end;
        }

        int deltas = writer.BeginMessage(deltaField);
        long previous = 0;
        position = 0;
        while (NextSpan(counts, ref position, out int start, out int end))
        {
            for (int i = start; i < end; i++)
            {
                writer.WriteVarint(ProtobufWriter.ZigZag(counts[i] - previous));
                previous = counts[i];
            }
        }

        writer.EndMessage(deltas);
    }

    /// <summary>Finds the next span from <paramref name="position"/>: a run of buckets with gaps of at most <see cref="MaxGapInSpan"/> zeros.</summary>
    private static bool NextSpan(ReadOnlySpan<long> counts, ref int position, out int start, out int end)
    {
        int i = position;
        while (i < counts.Length && counts[i] == 0)
        {
            i++;
        }

        start = end = i;
        if (i == counts.Length)
        {
            return false;
        }

        end = i + 1;
        while (end < counts.Length)
        {
            if (counts[end] != 0)
            {
                end++;
                continue;
            }

            int next = end;
            while (next < counts.Length && counts[next] == 0)
            {
                next++;
            }

            if (next == counts.Length || next - end > MaxGapInSpan)
            {
                break;
            }

            end = next;
        }

        position = end;
        return true;
    }
}
