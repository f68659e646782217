using System;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>Counts what a recording step allocates on this thread once it is warmed up (JIT, lazy tables, first series).</summary>
public static class AllocationProbe
{
    /// <summary>Runs <paramref name="step"/> <paramref name="warmUp"/> times, then returns the bytes this thread allocates over <paramref name="measured"/> more runs.</summary>
    public static long BytesAllocated(Action<int> step, int warmUp, int measured)
    {
        for (int i = 0; i < warmUp; i++)
        {
            step(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < measured; i++)
        {
            step(i);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
