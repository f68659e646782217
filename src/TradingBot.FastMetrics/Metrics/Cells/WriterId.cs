using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Cells;

/// <summary>
/// Gives each thread that records a number of its own, never reused, so a cell can tell its owner thread
/// from every other thread without a GC having to notice that a thread exited.
/// </summary>
/// <remarks>
/// A 64-bit counter: a process would have to start a thread every nanosecond for 292 years to wrap it, so
/// two threads never hold the same id and a dead owner's id is never handed to a live thread.
/// </remarks>
internal static class WriterId
{
    private static long s_last;

    [ThreadStatic]
    private static long t_id;

    /// <summary>Gets the calling thread's id (never 0), assigning one on the thread's first call.</summary>
    public static long Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            long id = t_id;
            return id != 0 ? id : AssignSlow();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long AssignSlow() => t_id = Interlocked.Increment(ref s_last);
}
