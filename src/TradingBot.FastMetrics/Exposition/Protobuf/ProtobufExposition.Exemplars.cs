using System;
using System.Text;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Exemplars;

namespace TradingBot.FastMetrics.Exposition.Protobuf;

/// <content>Exemplar messages: label 1 (LabelPair), value 2, timestamp 3.</content>
internal static partial class ProtobufExposition
{
    private const int MaxExemplarChars = ExemplarOptions.MaxLabelSetLength;

    private static void WriteCounterExemplar(ref ProtobufWriter writer, Counter counter, int field)
    {
        if (counter.Exemplars is { } store)
        {
            WriteExemplar(ref writer, store, 0, field);
        }
    }

    private static void WriteBucketExemplar(ref ProtobufWriter writer, Histogram histogram, int slot, int field)
    {
        if (histogram.Exemplars is { } store && slot < store.SlotCount)
        {
            WriteExemplar(ref writer, store, slot, field);
        }
    }

    // Native exemplars (Histogram field 16) must carry timestamps; ours always do. Prometheus 2.42 ignores
    // this field and reads the classic buckets' exemplars, which a hybrid histogram also writes.
    private static void WriteNativeExemplars(ref ProtobufWriter writer, Histogram histogram, int field)
    {
        if (histogram.Exemplars is { } store)
        {
            for (int slot = 0; slot < store.SlotCount; slot++)
            {
                WriteExemplar(ref writer, store, slot, field);
            }
        }
    }

    private static void WriteExemplar(ref ProtobufWriter writer, ExemplarStore store, int slot, int field)
    {
        Span<char> chars = stackalloc char[MaxExemplarChars];
        Span<int> lengths = stackalloc int[4];
        ExemplarOptions options = store.Options;
        chars = chars[..store.CharCapacity];
        lengths = lengths[..options.SlotCount];
        if (!store.TryRead(slot, chars, lengths, out double value, out long unixTicks))
        {
            return;
        }

        int message = writer.BeginMessage(field);
        string[] names = options.LabelNameArray;
        for (int i = 0; i < names.Length; i++)
        {
            WriteExemplarLabel(ref writer, names[i], chars.Slice(i * options.MaxValueLength, lengths[i]));
        }

        if (options.IncludeTraceContext && lengths[names.Length] > 0)
        {
            int offset = names.Length * options.MaxValueLength;
            WriteExemplarLabel(ref writer, "trace_id", chars.Slice(offset, lengths[names.Length]));
            WriteExemplarLabel(ref writer, "span_id", chars.Slice(offset + ExemplarOptions.TraceIdLength, lengths[names.Length + 1]));
        }

        if (value != 0)
        {
            writer.Double(2, value);
        }

        WriteTimestamp(ref writer, 3, unixTicks);
        writer.EndMessage(message);
    }

    private static void WriteExemplarLabel(ref ProtobufWriter writer, string name, ReadOnlySpan<char> value)
    {
        int pair = writer.BeginMessage(1);
        WriteUtf8(ref writer, 1, name);
        WriteUtf8(ref writer, 2, value);
        writer.EndMessage(pair);
    }

    private static void WriteUtf8(ref ProtobufWriter writer, int field, ReadOnlySpan<char> text)
    {
        // At most 128 characters, 3 bytes each (an unpaired surrogate becomes the 3-byte U+FFFD).
        Span<byte> bytes = stackalloc byte[MaxExemplarChars * 3];
        int length = Encoding.UTF8.GetBytes(text, bytes);
        if (length == 0)
        {
            return;
        }

        writer.Tag(field, ProtobufWriter.LengthDelimited);
        writer.WriteVarint((ulong)length);
        writer.Raw(bytes[..length]);
    }
}
