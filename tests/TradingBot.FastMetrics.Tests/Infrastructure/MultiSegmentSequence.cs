using System;
using System.Buffers;
using System.Collections.Generic;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>Builds <see cref="ReadOnlySequence{T}"/>s of several segments, as a PipeReader hands them out after split packets.</summary>
public static class MultiSegmentSequence
{
    /// <summary>One sequence whose segments are the given arrays, in order (empty ones included).</summary>
    public static ReadOnlySequence<byte> Create(params byte[][] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(segments[0], 0);
        Segment last = first;
        for (int i = 1; i < segments.Length; i++)
        {
            last = last.Append(segments[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="bytes"/> at the given offsets.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] bytes, params int[] offsets)
    {
        var parts = new List<byte[]>();
        int start = 0;
        foreach (int offset in offsets)
        {
            parts.Add(bytes[start..offset]);
            start = offset;
        }

        parts.Add(bytes[start..]);
        return Create([.. parts]);
    }

    /// <summary>Splits <paramref name="bytes"/> into segments of <paramref name="size"/> bytes.</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int size)
    {
        var parts = new List<byte[]>();
        for (int i = 0; i < bytes.Length; i += size)
        {
            parts.Add(bytes[i..Math.Min(bytes.Length, i + size)]);
        }

        return parts.Count == 0 ? ReadOnlySequence<byte>.Empty : Create([.. parts]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
