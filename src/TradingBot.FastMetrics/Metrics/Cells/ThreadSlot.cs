using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Cells;

/// <summary>
/// Gives each live thread a small positive number, reused after the thread exits, so that per-thread
/// cells stay few however many threads come and go.
/// </summary>
internal static class ThreadSlot
{
    private static readonly Lock s_lock = new();
    private static readonly Stack<int> s_free = new();
    private static int s_next;

    [ThreadStatic]
    private static int t_slot;

    // Keeps the lease reachable exactly as long as the thread lives; its finalizer hands the slot back.
    [ThreadStatic]
    private static Lease? t_lease;

    /// <summary>Gets the calling thread's slot, assigning one on the thread's first call.</summary>
    public static int Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int slot = t_slot;
            return slot != 0 ? slot : AssignSlow();
        }
    }

    /// <summary>Gets the highest slot handed out so far (for tests and diagnostics).</summary>
    public static int HighWater => Volatile.Read(ref s_next);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AssignSlow()
    {
        int slot;
        lock (s_lock)
        {
            slot = s_free.Count > 0 ? s_free.Pop() : ++s_next;
        }

        t_lease = new Lease(slot);
        t_slot = slot;
        return slot;
    }

    private sealed class Lease(int slot)
    {
        // Runs only once the owning thread is gone (its thread statics were the only root), so no
        // two live threads ever share a slot. The GC's suspension orders the dead thread's last
        // plain writes before the next owner's first read of the same cells.
        ~Lease()
        {
            lock (s_lock)
            {
                s_free.Push(slot);
            }
        }
    }
}
