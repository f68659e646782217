using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Cells;

/// <summary>
/// Gives each thread that records a number of its own, never reused, so a cell can tell its owner thread
/// from every other thread without a GC having to notice that a thread exited.
/// </summary>
/// <remarks>
/// <para>Ids count up from 1 and are never handed out twice, so a dead owner's id never matches a live
/// thread. Should a process ever start more than <see cref="int.MaxValue"/> threads, the later ones all get
/// <see cref="Unowned"/>, which never owns a row: they record on the shared rows, correct and a little
/// slower.</para>
/// <para>An <see cref="int"/>, not a <see cref="long"/>: the runtime placed a thread-static long at a
/// misaligned offset of its thread-local block, and the record path read it on every call.</para>
/// </remarks>
internal static class WriterId
{
    /// <summary>The id of threads past the first <see cref="int.MaxValue"/>; it never owns a row.</summary>
    public const int Unowned = -1;

    private static int s_last;

    [ThreadStatic]
    private static int t_id;

    /// <summary>Gets the calling thread's id, or 0 if it has none yet; an id of 0 or <see cref="Unowned"/> matches no owner.</summary>
    /// <remarks>The record path's read: one load, no test; a thread with no id falls to the path that assigns one.</remarks>
    public static int Peek
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_id;
    }

    /// <summary>Gets the calling thread's id (never 0), assigning one on the thread's first call.</summary>
    public static int Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int id = t_id;
            return id != 0 ? id : AssignSlow();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AssignSlow()
    {
        int id = Interlocked.Increment(ref s_last);
        if (id <= 0)
        {
            // Wrapped: keep the counter pinned past the end so no id is ever reissued.
            Volatile.Write(ref s_last, int.MinValue);
            id = Unowned;
        }

        return t_id = id;
    }
}
