using System;
using System.Threading;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Cells;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class StripedCellsTests
{
    private static readonly double[] s_bounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    [Fact]
    public void Record_OneThread_OnlyBaseAndHomeRows()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("c_total", "C.");
        Assert.Equal(1, counter.Cells.RowCount);
        for (int i = 0; i < 1000; i++)
        {
            counter.Inc();
        }

        Assert.Equal(2, counter.Cells.RowCount);
        Assert.Equal(1000, counter.Value);
    }

    [Fact]
    public void Record_ThreadsThatOnlyTouch_ShareTheBaseRow()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("c_total", "C.");
        for (int t = 0; t < 100; t++)
        {
            // Fewer records than a claim needs: every thread but the first stays on the shared row.
            RunOnNewThread(() =>
            {
                for (int i = 0; i < StripedCells.ClaimStreak - 1; i++)
                {
                    counter.Inc();
                }
            });
        }

        Assert.Equal(2, counter.Cells.RowCount);
        Assert.Equal(100 * (StripedCells.ClaimStreak - 1), counter.Value);
    }

    [Fact]
    public void Record_3000ShortLivedThreads_NoGc_StorageStaysWithinBound()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("c_total", "C.");
        Histogram histogram = registry.CreateHistogram("h", "H.", s_bounds);
        for (int t = 0; t < 3000; t++)
        {
            // Each thread writes often enough to claim a row, then exits; one thread alive at a time.
            RunOnNewThread(() =>
            {
                for (int i = 0; i < 100; i++)
                {
                    counter.Inc();
                    counter.Add(0.5);
                    histogram.Observe(i);
                }
            });
        }

        // Four owner rows (the first four threads, dead now but never reused) plus the base row; threads
        // never collided, so no stripes.
        Assert.Equal(1 + StripedCells.MaxOwners, counter.Cells.RowCount);
        Assert.Equal(1 + StripedCells.MaxOwners, histogram.Cells.RowCount);
        Assert.True(counter.Cells.RowCount <= StripedCells.MaxRows);
        Assert.Equal(3000 * 150, counter.Value);
        Assert.Equal(3000 * 100, histogram.Count);
        Assert.Equal(3000 * 4950, histogram.Sum);
    }

    [Fact]
    public void Record_64ConcurrentThreads_ExactTotalsAndBoundedRows()
    {
        const int Threads = 64;
        const int PerThread = 20_000;
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("c_total", "C.");
        Histogram histogram = registry.CreateHistogram("h", "H.", s_bounds);
        using var barrier = new Barrier(Threads);
        var threads = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            threads[t] = new Thread(() =>
            {
                barrier.SignalAndWait();
                for (int i = 0; i < PerThread; i++)
                {
                    counter.Inc();
                    counter.Add(0.25);
                    histogram.Observe(i % 1500);
                }
            });
            threads[t].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(Threads * PerThread * 1.25, counter.Value);
        Assert.Equal(Threads * PerThread, histogram.Count);
        var buckets = new long[s_bounds.Length + 1];
        histogram.ReadBuckets(buckets);
        var expected = new long[s_bounds.Length + 1];
        for (int i = 0; i < PerThread; i++)
        {
            expected[Array.FindIndex(s_bounds, b => i % 1500 <= b) is var b and >= 0 ? b : s_bounds.Length] += Threads;
        }

        Assert.Equal(expected, buckets);
        Assert.InRange(counter.Cells.RowCount, 2, StripedCells.MaxRows);
        Assert.InRange(histogram.Cells.RowCount, 2, StripedCells.MaxRows);
    }

    [Fact]
    public void Record_TwoWriters_SecondClaimsItsOwnRowAfterAStreak()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("c_total", "C.");
        counter.Inc();
        RunOnNewThread(() =>
        {
            for (int i = 0; i < StripedCells.ClaimStreak; i++)
            {
                counter.Inc();
            }
        });

        Assert.Equal(3, counter.Cells.RowCount);
        Assert.Equal(1 + StripedCells.ClaimStreak, counter.Value);
    }

    private static void RunOnNewThread(ThreadStart work)
    {
        var thread = new Thread(work);
        thread.Start();
        thread.Join();
    }
}
