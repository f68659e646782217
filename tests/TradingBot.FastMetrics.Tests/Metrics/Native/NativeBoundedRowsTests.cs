using System;
using System.Collections.Generic;
using System.Threading;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Cells;
using TradingBot.FastMetrics.Metrics.Native;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics.Native;

/// <summary>Native storage keeps at most <see cref="NativeHistogramStorage.MaxRows"/> rows, with exact counts.</summary>
public sealed class NativeBoundedRowsTests
{
    [Fact]
    public void Observe_OneThread_OwnsTheHomeRowOnly()
    {
        var storage = NativeHistogramStorageTests.New(new NativeHistogramOptions { Schema = 3 });
        Assert.Equal(1, storage.RowCount);
        storage.Observe(1);
        storage.Observe(-1);
        storage.Observe(0);
        Assert.Equal(2, storage.RowCount);
        Assert.Equal(3, storage.Count);
    }

    [Fact]
    public void Observe_ThreadsThatOnlyTouch_ShareTheBaseRow()
    {
        var storage = NativeHistogramStorageTests.New(new NativeHistogramOptions { Schema = 3 });
        var values = new List<double>();
        for (int t = 0; t < 50; t++)
        {
            // Fewer records than a claim needs: every thread but the first stays on the shared row.
            double[] mine = Values(t, StripedCells.ClaimStreak - 1);
            values.AddRange(mine);
            RunOnNewThread(() => Record(storage, mine));
        }

        Assert.Equal(2, storage.RowCount);
        AssertExact(storage, values);
    }

    [Fact]
    public void Observe_3000ShortLivedThreads_NoGc_RowsStayWithinBoundAndCountsExact()
    {
        // A small limit, so the schema drops several times while owner and shared rows are both in use.
        var storage = NativeHistogramStorageTests.New(new NativeHistogramOptions { Schema = 8, MaxBucketCount = 40 });
        var values = new List<double>();
        for (int t = 0; t < 3000; t++)
        {
            // Each thread writes often enough to claim a row, then exits; one thread alive at a time, so
            // no compare-and-swap fails and the series never stripes.
            double[] mine = Values(t, 100);
            values.AddRange(mine);
            RunOnNewThread(() => Record(storage, mine));
        }

        Assert.Equal(1 + NativeHistogramStorage.MaxOwners, storage.RowCount);
        Assert.True(storage.RowCount <= NativeHistogramStorage.MaxRows);
        Assert.True(storage.Schema < 8, $"schema stayed {storage.Schema}");
        Assert.InRange(storage.CountSlots, 1, NativeHistogramStorage.MaxCountSlots(40));
        AssertExact(storage, values);
    }

    [Fact]
    public void Observe_64ConcurrentThreads_ExactCountsAndBoundedRows()
    {
        const int Threads = 64;
        const int PerThread = 20_000;
        var storage = NativeHistogramStorageTests.New(new NativeHistogramOptions { Schema = 5, MaxBucketCount = 60 });
        var perThread = new double[Threads][];
        var values = new List<double>();
        for (int t = 0; t < Threads; t++)
        {
            perThread[t] = Values(t, PerThread);
            values.AddRange(perThread[t]);
        }

        RunConcurrently(perThread, storage);
        Assert.InRange(storage.RowCount, 2, NativeHistogramStorage.MaxRows);
        Assert.InRange(storage.CountSlots, 1, NativeHistogramStorage.MaxCountSlots(60));
        AssertExact(storage, values);
    }

    [Fact]
    public void Observe_SharedWritersAndScrapesAcrossReductions_EveryScrapeSelfConsistentAndFinalExact()
    {
        const int Threads = 8;
        const int PerThread = 40_000;
        var storage = NativeHistogramStorageTests.New(new NativeHistogramOptions { Schema = 8, MaxBucketCount = 24 });
        var values = new List<double>();

        // Take every owner row with threads that exit, so the writers below all record on shared rows
        // (base and stripes), whose windows are chained, not copied, when widened or reduced.
        for (int t = 0; t < NativeHistogramStorage.MaxOwners; t++)
        {
            double[] owner = [1, 1.5, 2, -1];
            values.AddRange(owner);
            RunOnNewThread(() =>
            {
                for (int i = 0; i < StripedCells.ClaimStreak; i++)
                {
                    storage.Observe(0.5);
                    values.Add(0.5);
                }

                Record(storage, owner);
            });
        }

        Assert.Equal(1 + NativeHistogramStorage.MaxOwners, storage.RowCount);
        var perThread = new double[Threads][];
        for (int t = 0; t < Threads; t++)
        {
            var random = new Random(31 + t);
            perThread[t] = new double[PerThread];
            for (int i = 0; i < PerThread; i++)
            {
                // The spread widens over time, so reductions keep happening while scrapes run.
                // Multiples of 1/64, so the sum is exact in any order.
                double magnitude = Math.Round(Math.Pow(10, random.NextDouble() * (1 + (4.0 * i / PerThread))) * 64) / 64;
                perThread[t][i] = random.Next(5) == 0 ? -magnitude : (random.Next(50) == 0 ? 0 : magnitude);
            }

            values.AddRange(perThread[t]);
        }

        int done = 0;
        long last = 0;
        var reading = default(NativeReading);
        using var start = new Barrier(Threads + 1);
        Thread[] writers = StartWriters(perThread, storage.Observe, () => Interlocked.Increment(ref done), start);
        start.SignalAndWait();
        do
        {
            last = NativeHistogramStorageTests.ReadSelfConsistent(storage, ref reading, last);
        }
        while (Volatile.Read(ref done) < Threads);

        foreach (Thread writer in writers)
        {
            writer.Join();
        }

        reading.Dispose();
        Assert.True(storage.Schema < 8, $"schema stayed {storage.Schema}");
        Assert.InRange(storage.RowCount, 1 + NativeHistogramStorage.MaxOwners, NativeHistogramStorage.MaxRows);
        AssertExact(storage, values);
    }

    [Fact]
    public void Observe_SharedWriterPreemptedWhileItsWindowIsReplaced_IncrementStillCounts()
    {
        var storage = NativeHistogramStorageTests.New(new NativeHistogramOptions { Schema = 3, MaxBucketCount = 4 });
        for (int t = 0; t < NativeHistogramStorage.MaxOwners; t++)
        {
            RunOnNewThread(() => Record(storage, [.. Repeat(-0.5, StripedCells.ClaimStreak)]));
        }

        // A shared writer records 1, then another records 3 (widening the base row's window) and 1000
        // (past the limit: schema reduced). In between, a third writer had loaded the first window and
        // found the slot of 1 in it, and only now does its increment land: in the window it loaded.
        RunOnNewThread(() => storage.Observe(1));
        NativeWindow loaded = storage.BaseRow.Positive;
        ref long slot = ref loaded.Counts[NativeBucketIndex.Of(1, loaded.Schema) - loaded.Base];
        RunOnNewThread(() => storage.Observe(3));
        RunOnNewThread(() => storage.Observe(1000));
        Assert.NotSame(loaded, storage.BaseRow.Positive);
        Assert.True(storage.Schema < 3, $"schema stayed {storage.Schema}");
        Interlocked.Increment(ref slot);

        Dictionary<(bool, int), long> buckets = NativeHistogramStorageTests.Read(storage, out NativeReading reading);
        Assert.Equal((4 * StripedCells.ClaimStreak) + 4, reading.Count);
        Assert.Equal(2, buckets[(false, NativeBucketIndex.Of(1, reading.Schema))]);
        Assert.Equal(1, buckets[(false, NativeBucketIndex.Of(3, reading.Schema))]);
        Assert.Equal(1, buckets[(false, NativeBucketIndex.Of(1000, reading.Schema))]);
        reading.Dispose();
    }

    [Fact]
    public void Histogram_Hybrid_ManyThreads_NativeAndClassicAgree()
    {
        var registry = new MetricRegistry();
        Histogram histogram = registry.CreateHistogramFamily("h", "H.", [], [1, 10], new NativeHistogramOptions { Schema = 3 }).WithLabels();
        var perThread = new double[16][];
        var values = new List<double>();
        for (int t = 0; t < perThread.Length; t++)
        {
            perThread[t] = Values(t, 5_000);
            values.AddRange(perThread[t]);
        }

        foreach (Thread writer in StartWriters(perThread, histogram.Observe, () => { }))
        {
            writer.Join();
        }

        AssertExact(histogram.Native!, values);
        Assert.Equal(values.Count, histogram.Count);
        Assert.Equal(histogram.Native!.Sum, histogram.Sum);
    }

    /// <summary>Multiples of 1/4 from -25 to 74.75, zero among them: every sum is exact in any order.</summary>
    private static double[] Values(int thread, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (((thread * 7) + (i * 13)) % 400 - 100) * 0.25;
        }

        return values;
    }

    private static IEnumerable<double> Repeat(double value, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return value;
        }
    }

    private static void Record(NativeHistogramStorage storage, double[] values)
    {
        foreach (double value in values)
        {
            storage.Observe(value);
        }
    }

    private static void RunConcurrently(double[][] perThread, NativeHistogramStorage storage)
    {
        foreach (Thread writer in StartWriters(perThread, storage.Observe, () => { }))
        {
            writer.Join();
        }
    }

    // The writers start together, with the caller too when it passes a barrier with one more participant.
    private static Thread[] StartWriters(double[][] perThread, Action<double> observe, Action done, Barrier? start = null)
    {
        Barrier barrier = start ?? new Barrier(perThread.Length);
        var writers = new Thread[perThread.Length];
        for (int t = 0; t < perThread.Length; t++)
        {
            double[] mine = perThread[t];
            writers[t] = new Thread(() =>
            {
                barrier.SignalAndWait();
                foreach (double value in mine)
                {
                    observe(value);
                }

                done();
            });
            writers[t].Start();
        }

        return writers;
    }

    private static void AssertExact(NativeHistogramStorage storage, List<double> values)
    {
        Dictionary<(bool, int), long> buckets = NativeHistogramStorageTests.Read(storage, out NativeReading reading);
        double sum = 0;
        foreach (double value in values)
        {
            sum += value;
        }

        Assert.Equal(values.Count, reading.Count);
        Assert.Equal(values.Count, storage.Count);
        Assert.Equal(sum, reading.Sum);
        Assert.Equal(sum, storage.Sum);
        Assert.Equal(NativeHistogramStorageTests.Expected(values, reading.Schema, reading.ZeroThreshold), buckets);
        long zero = 0;
        foreach (double value in values)
        {
            zero += Math.Abs(value) <= reading.ZeroThreshold ? 1 : 0;
        }

        Assert.Equal(zero, reading.ZeroCount);
        reading.Dispose();
    }

    private static void RunOnNewThread(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        thread.Join();
    }
}
