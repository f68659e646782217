using System;
using System.Threading;
using TradingBot.FastMetrics.Metrics.Cells;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class ThreadCellsTests
{
    [Fact]
    public void GetRow_OneThread_UsesTheInitialRowWithoutGrowing()
    {
        var cells = new ThreadCells(1);
        for (int i = 0; i < 10; i++)
        {
            ref long value = ref ThreadCells.Value(cells.GetRow(), 0);
            value++;
        }

        Assert.Equal(1, cells.RowCount);
        Assert.Equal(10, cells.SumLong(0));
    }

    [Fact]
    public void GetRow_ManyThreads_OneRowEachAndExactSum()
    {
        var cells = new ThreadCells(2);
        var threads = new Thread[6];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (int i = 0; i < 10_000; i++)
                {
                    long[] row = cells.GetRow();
                    ref long value = ref ThreadCells.Value(row, 1);
                    Volatile.Write(ref value, value + 1);
                }
            });
            threads[t].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(60_000, cells.SumLong(1));
        Assert.Equal(0, cells.SumLong(0));
        Assert.Equal(6, cells.RowCount);
    }

    [Fact]
    public void ThreadSlot_ExitedThreads_SlotsReusedSoRowsStayBounded()
    {
        var cells = new ThreadCells(1);
        for (int round = 0; round < 20; round++)
        {
            var thread = new Thread(() =>
            {
                ref long value = ref ThreadCells.Value(cells.GetRow(), 0);
                Volatile.Write(ref value, value + 1);
            });
            thread.Start();
            thread.Join();
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(20, cells.SumLong(0));
        Assert.True(cells.RowCount <= 3, $"rows: {cells.RowCount}");
    }
}
