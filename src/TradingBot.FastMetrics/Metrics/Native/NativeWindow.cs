using System.Runtime.CompilerServices;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <summary>Counts for the bucket indexes <c>Base .. Base + Counts.Length - 1</c> of one sign, at one schema.</summary>
/// <remarks>
/// <para>Schema, array and base never change once a window exists, so a reader always pairs a count with the
/// right index. The populated run (<see cref="Run"/>) only grows, and only under the series lock.</para>
/// <para>A window of a shared row that is superseded (widened or moved to a lower schema) stays reachable
/// from its successor through <see cref="Previous"/>: a shared writer may still be incrementing it, and the
/// scrape reads the whole chain, each window at its own schema.</para>
/// </remarks>
internal sealed class NativeWindow
{
    /// <summary>The schema of every index in this window.</summary>
    public readonly int Schema;

    /// <summary>The counts; owners write them with plain stores, shared writers with <c>Interlocked</c>.</summary>
    public readonly long[] Counts;

    /// <summary>The index of <c>Counts[0]</c>.</summary>
    public readonly int Base;

    /// <summary>The schema's <see cref="NativeBucketIndex.SliceOffsetOf"/>, kept here so the record path loads it with the schema.</summary>
    public readonly int SliceOffset;

    /// <summary>The shared window this one replaced, whose counts still count; null for owner rows.</summary>
    public readonly NativeWindow? Previous;

    // The populated run, first index in the low 32 bits and width in the high 32 bits: one 64-bit store, so
    // a writer reading it without the lock never pairs one run's start with another's width (which could
    // point past the array). Width 0 is empty and fails every fast-path check.
    private long _run;

    /// <summary>Creates a window with an empty run.</summary>
    public NativeWindow(int schema, long[] counts, int @base, NativeWindow? previous)
    {
        Schema = schema;
        Counts = counts;
        Base = @base;
        SliceOffset = NativeBucketIndex.SliceOffsetOf(schema);
        Previous = previous;
    }

    /// <summary>Gets the packed populated run (see <see cref="Lo"/> and <see cref="Width"/>).</summary>
    public long Run
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _run);
    }

    /// <summary>Gets the first populated index.</summary>
    public int Lo => (int)Run;

    /// <summary>Gets the number of indexes in the populated run; 0 when empty.</summary>
    public int Width => (int)(Run >> 32);

    /// <summary>Gets the last populated index (below <see cref="Lo"/> when empty).</summary>
    public int Hi => Lo + Width - 1;

    /// <summary>Sets the populated run to <c>[lo, hi]</c>; under the series lock only, never on an empty shared window.</summary>
    public void SetRun(int lo, int hi) => Volatile.Write(ref _run, (uint)lo | ((long)(hi - lo + 1) << 32));
}
