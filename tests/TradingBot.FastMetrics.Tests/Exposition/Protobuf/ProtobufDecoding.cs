using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using MetricRegistry = TradingBot.FastMetrics.Metrics.MetricRegistry;
using TradingBot.FastMetrics.Tests.Exposition.Protobuf.Reference;

namespace TradingBot.FastMetrics.Tests.Exposition.Protobuf;

/// <summary>Scrapes a registry in protobuf and decodes it with the official runtime.</summary>
internal static class ProtobufDecoding
{
    public static byte[] Scrape(MetricRegistry registry)
    {
        using var buffer = new PooledBufferWriter();
        new RegistryExposition(registry).WriteTo(buffer, ExpositionFormat.Protobuf);
        return buffer.WrittenSpan.ToArray();
    }

    public static List<MetricFamily> Decode(byte[] bytes)
    {
        var families = new List<MetricFamily>();
        using var stream = new MemoryStream(bytes);
        while (stream.Position < stream.Length)
        {
            families.Add(MetricFamily.Parser.ParseDelimitedFrom(stream));
        }

        return families;
    }

    /// <summary>The official runtime's encoding of the same messages, for byte-for-byte comparison.</summary>
    public static byte[] Reencode(IEnumerable<MetricFamily> families)
    {
        using var stream = new MemoryStream();
        foreach (MetricFamily family in families)
        {
            family.WriteDelimitedTo(stream);
        }

        return stream.ToArray();
    }

    /// <summary>Expands spans and deltas into (index, count) pairs, skipping zero counts.</summary>
    public static SortedDictionary<int, long> Buckets(IList<BucketSpan> spans, IList<long> deltas)
    {
        var buckets = new SortedDictionary<int, long>();
        int index = 0;
        int d = 0;
        long count = 0;
        bool first = true;
        foreach (BucketSpan span in spans)
        {
            index = first ? span.Offset : index + span.Offset;
            first = false;
            for (int i = 0; i < span.Length; i++)
            {
                count += deltas[d++];
                if (count != 0)
                {
                    buckets[index] = count;
                }

                index++;
            }
        }

        return d == deltas.Count ? buckets : throw new InvalidDataException($"{deltas.Count} deltas for {d} span buckets");
    }
}
