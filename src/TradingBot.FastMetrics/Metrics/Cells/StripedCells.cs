using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Metrics.Cells;

/// <summary>
/// The storage of one series: rows of <see cref="long"/> values whose number is bounded by a constant
/// (<see cref="MaxRows"/>), however many threads ever write the series. A mutable struct held in a field of
/// its series: do not make that field readonly.
/// </summary>
/// <remarks>
/// <para>Rows, each padded to <see cref="CacheLine.Size"/> so that no two writers share a line:</para>
/// <list type="bullet">
/// <item>Up to <see cref="MaxOwners"/> owner rows, each written by one thread only, with a plain load and
/// store (no <c>Interlocked</c>). The first writer of a series owns the home row, made with the series.
/// Another thread claims an owner row after <see cref="ClaimStreak"/> records in a row on the shared path
/// with no other thread in between, or on its first failed compare-and-swap there, so the two to four
/// threads that hammer a series get plain stores while threads that merely touch it stay on one
/// allocation.</item>
/// <item>A shared base row, in the home allocation, that every other thread updates with compare-and-swap.</item>
/// <item>Stripes, created by the first failed compare-and-swap once every owner row is taken (real
/// contention, as Java's LongAdder inflates): one row per processor, rounded up to a power of two and capped
/// at <see cref="MaxStripes"/>, chosen by <see cref="Thread.GetCurrentProcessorId"/>.</item>
/// </list>
/// <para>Owner ids come from <see cref="WriterId"/> and are never reused, so a dead owner's row keeps its
/// values and no other thread writes it; nothing depends on a GC noticing that a thread exited. A series
/// written by 3,000 short-lived threads keeps 5 rows (StripedCellsTests), at most <see cref="MaxRows"/>.</para>
/// <para>Measured before choosing, on the 2-core CI VM while other builds ran: in one ContentionBenchmarks run
/// a record on one thread took 5.2 ns here, 8.7 ns with <c>Interlocked</c> on one shared cell and 13.8 ns
/// with stripes alone (<c>Interlocked</c> on the processor's padded cell, no owners: the processor-id
/// lookup costs too); minimums of interleaved rounds (<c>measure record</c>) give 1.2 ns for an owner row
/// against 5.3 ns for prometheus-net's interlocked add. So owner rows stay, for the threads that write most.
/// The per-thread rows this type replaces recorded as fast but kept one 280-byte row per series per thread
/// that ever wrote it: the issue measured 211.5 MB at 64 writers against prometheus-net's 4.6 MB (45.6x)
/// in its workload, where this design holds 6.2 MB against 5.4 MB (1.15x) at 1, 4, 16 and 64 writers, with 2.00
/// rows per series (<c>measure scale</c>). The base row shares the home allocation, so a touched series costs
/// what a single-writer one does (288 bytes for a counter's cells).</para>
/// <para>The record path (<see cref="Write{TWriter}"/>, or <see cref="OwnRow"/> for a caller that must
/// compute before it knows its row) is one thread-static load compared with the owner ids, no test of the
/// id first (vacant slots hold a value no thread has), and owner 0's row at a constant offset. Minimums of
/// <c>measure record</c>, same machine and load, before and after that shape: Counter.Inc 1.17 ns to
/// 0.87 ns (0.22x to 0.16x prometheus-net), and 4 threads on one counter 8.0x to 3.2x to 4.2x one thread's
/// time per record, once the second to fourth owners stopped going through a call (2.89x in a quiet
/// ContentionBenchmarks run, where 2x is ideal on 2 cores).</para>
/// <para>Readers sum every row with volatile reads. Every cell only grows (counts) or is summed as a
/// whole (double sums), so a sum read later is never smaller than one read earlier. Aligned 64-bit loads
/// and stores are atomic on the 64-bit runtimes we support.</para>
/// </remarks>
internal struct StripedCells
{
    /// <summary>Most threads that write a series with plain stores.</summary>
    public const int MaxOwners = 4;

    /// <summary>Records in a row by one non-owner thread on the shared path after which it claims an owner row.</summary>
    public const int ClaimStreak = 32;

    /// <summary>Most stripes a series inflates to under contention.</summary>
    public const int MaxStripes = 64;

    private const int Line = CacheLine.Longs;

    // Owner rows and the stripe array start their values one padded line in, and end with another line.
    private const int RowOffset = Line;

    // Owner 0's values in the home allocation start one line in as well: a constant, so the first writer's
    // record folds it into the address instead of loading it.
    private const int HomeOffset = Line;

    // Rows of up to this many values keep the base row and the streak in the line before owner 0's row.
    private const int SmallWidth = Line - 2;

    private static readonly int s_stripeCount =
        (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount), 2, MaxStripes);

    // Up to SmallWidth values: [base values][streak candidate][streak length] padding [owner 0 values] padding.
    // The base row comes first: it sits next to the series object, whose fields every owner reads on every
    // record, and only the slow shared path writes it. Wider rows do not fit before owner 0's row, so the
    // line stays padding and the base row and streak follow owner 0's row:
    // padding [owner 0 values] padding [base values][streak candidate][streak length] padding.
    private readonly long[] _home;
    private readonly int _width;
    private readonly int _baseOffset;
    private readonly int _stride;

    // An owner slot nobody holds: no thread's id, and not the 0 of a thread that has none yet, so the record
    // path compares the raw thread-static without testing it first.
    private const int Vacant = int.MinValue;

    // Owner ids are written once, when claimed (from Vacant); rows are published before their owner id.
    private int _owner0;
    private int _owner1;
    private int _owner2;
    private int _owner3;
    private long[]? _row1;
    private long[]? _row2;
    private long[]? _row3;
    private long[]? _stripes;

    /// <summary>Creates storage for rows of <paramref name="width"/> values: the home allocation only.</summary>
    public StripedCells(int width)
    {
        _owner0 = _owner1 = _owner2 = _owner3 = Vacant;
        _width = width;
        _stride = RoundUpToLine(width);
        _baseOffset = width <= SmallWidth ? 0 : HomeOffset + _stride;
        _home = width <= SmallWidth
            ? new long[HomeOffset + width + Line]
            : new long[_baseOffset + width + 2 + Line];
    }

    /// <summary>Most rows a series can ever hold: base, owners and stripes.</summary>
    public static int MaxRows => 1 + MaxOwners + s_stripeCount;

    /// <summary>Gets the number of stripes created under contention.</summary>
    public static int StripeCount => s_stripeCount;

    /// <summary>Gets the number of rows now: base, claimed owners and stripes (for tests and diagnostics).</summary>
    public readonly int RowCount =>
        1 + (Volatile.Read(in _owner0) != Vacant ? 1 : 0) + (Volatile.Read(in _row1) is null ? 0 : 1)
        + (Volatile.Read(in _row2) is null ? 0 : 1) + (Volatile.Read(in _row3) is null ? 0 : 1)
        + (Volatile.Read(in _stripes) is null ? 0 : s_stripeCount);

    /// <summary>
    /// Records through <paramref name="writer"/>: into the calling thread's own row when it has one, else
    /// into the shared rows (claiming an owner row first when the claim rules allow).
    /// </summary>
    /// <param name="writer">The record: a small readonly struct, passed in registers, so that this inlines into the series' record method.</param>
    /// <remarks>
    /// All four owners are tested inline, each with its own copy of the write, so no owner pays a merge or a
    /// call: when writers outnumber cores the slowest of them sets the pace (ContentionBenchmarks, 4 threads
    /// on 2 cores). The writer never leaves this method, so the JIT keeps its fields in registers;
    /// <see cref="IRowWriter.Shared"/> implementations pass them on as arguments.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write<TWriter>(TWriter writer)
        where TWriter : struct, IRowWriter
    {
        int id = WriterId.Peek;
        if (id == _owner0)
        {
            writer.Owned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_home), HomeOffset));
            return;
        }

        if (id == _owner1)
        {
            writer.Owned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_row1!), RowOffset));
            return;
        }

        if (id == _owner2)
        {
            writer.Owned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_row2!), RowOffset));
            return;
        }

        if (id == _owner3)
        {
            writer.Owned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_row3!), RowOffset));
            return;
        }

        ref long row = ref UnownedRow();
        if (Unsafe.IsNullRef(ref row))
        {
            writer.Shared(ref this);
            return;
        }

        writer.Owned(ref row);
    }

    /// <summary>Returns the row a non-owner updates atomically: the base row, or its processor's stripe once striped.</summary>
    public readonly ref long SharedRow()
    {
        long[]? stripes = Volatile.Read(in _stripes);
        return ref stripes is null
            ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_home), _baseOffset)
            : ref StripeFor(stripes, _stride);
    }

    /// <summary>
    /// Called after a failed compare-and-swap on a shared row: gives the caller a free owner row if one is left
    /// (<paramref name="owned"/> true: update it with plain stores), else stripes the series and returns the
    /// caller's stripe (update it atomically).
    /// </summary>
    /// <param name="owned">Whether the returned row is now the caller's own.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public ref long OnContention(out bool owned)
    {
        // Threads that collide are the ones a streak misses (they interleave), and the ones an owner row helps.
        int writer = WriterId.Current;
        if (writer != WriterId.Unowned && Volatile.Read(ref _owner3) == Vacant)
        {
            ref long row = ref Claim(writer);
            if (!Unsafe.IsNullRef(ref row))
            {
                owned = true;
                return ref row;
            }
        }

        owned = false;
        long[]? stripes = Volatile.Read(ref _stripes);
        if (stripes is null)
        {
            stripes = new long[RowOffset + (s_stripeCount * _stride) + Line];
            stripes = Interlocked.CompareExchange(ref _stripes, stripes, null) ?? stripes;
        }

        return ref StripeFor(stripes, _stride);
    }

    /// <summary>
    /// Adds <paramref name="amount"/> to the double stored as bits at <paramref name="index"/> of a shared row:
    /// compare-and-swap, moving to an owner row or a stripe when a swap fails.
    /// </summary>
    /// <param name="row">The shared row to start with (from <see cref="SharedRow"/>).</param>
    /// <param name="index">The double's index in a row.</param>
    /// <param name="amount">The amount to add.</param>
    public void AddSharedDouble(ref long row, int index, double amount)
    {
        ref long bits = ref Unsafe.Add(ref row, index);
        while (true)
        {
            long seen = Volatile.Read(ref bits);
            long next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + amount);
            if (Interlocked.CompareExchange(ref bits, next, seen) == seen)
            {
                return;
            }

            bits = ref Unsafe.Add(ref OnContention(out bool owned), index);
            if (owned)
            {
                // A fresh row of the caller's own, zero until it writes.
                Volatile.Write(ref bits, BitConverter.DoubleToInt64Bits(amount));
                return;
            }
        }
    }

    /// <summary>Sums every row into <paramref name="reader"/>, one row at a time.</summary>
    public readonly void ReadRows<TReader>(ref TReader reader)
        where TReader : IRowReader, allows ref struct
    {
        ref long home = ref MemoryMarshal.GetArrayDataReference(_home);
        reader.Add(ref Unsafe.Add(ref home, _baseOffset));
        reader.Add(ref Unsafe.Add(ref home, HomeOffset));
        AddRow(ref reader, Volatile.Read(in _row1));
        AddRow(ref reader, Volatile.Read(in _row2));
        AddRow(ref reader, Volatile.Read(in _row3));
        long[]? stripes = Volatile.Read(in _stripes);
        if (stripes is not null)
        {
            ref long first = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stripes), RowOffset);
            for (int i = 0; i < s_stripeCount; i++)
            {
                reader.Add(ref Unsafe.Add(ref first, i * _stride));
            }
        }
    }

    private static int RoundUpToLine(int longs) => (longs + Line - 1) & ~(Line - 1);

    private static ref long StripeFor(long[] stripes, int stride) =>
        ref Unsafe.Add(
            ref MemoryMarshal.GetArrayDataReference(stripes),
            RowOffset + ((Thread.GetCurrentProcessorId() & (s_stripeCount - 1)) * stride));

    private static void AddRow<TReader>(ref TReader reader, long[]? row)
        where TReader : IRowReader, allows ref struct
    {
        if (row is not null)
        {
            reader.Add(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(row), RowOffset));
        }
    }

    /// <summary>Returns the first value of the caller's own row, or a null reference when it owns none.</summary>
    /// <param name="id">The calling thread's <see cref="WriterId.Peek"/>.</param>
    /// <remarks>For record paths that compute what to write only once the row is known; see <see cref="Write{TWriter}"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref long OwnRow(int id)
    {
        if (id == _owner0)
        {
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_home), HomeOffset);
        }

        return ref OtherOwnerRow(id);
    }

    /// <summary>
    /// For a caller that owns no row (<see cref="OwnRow"/> gave a null reference): claims one if the claim
    /// rules allow, else returns a null reference, and the caller records on the shared rows.
    /// </summary>
    public ref long ClaimRow() => ref OwnerRowFor(WriterId.Current);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ref long OtherOwnerRow(int id)
    {
        if (id == _owner1)
        {
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_row1!), RowOffset);
        }

        if (id == _owner2)
        {
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_row2!), RowOffset);
        }

        return ref id == _owner3
            ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_row3!), RowOffset)
            : ref Unsafe.NullRef<long>();
    }

    // Not an owner (yet): the first writer of a series takes owner 0, a thread on a streak claims a row, and
    // every other record goes to the shared rows (a null reference here).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref long UnownedRow() => ref OwnerRowFor(WriterId.Current);

    private ref long OwnerRowFor(int writer)
    {
        if (writer == WriterId.Unowned)
        {
            return ref Unsafe.NullRef<long>();
        }

        ref long home = ref MemoryMarshal.GetArrayDataReference(_home);
        if (Volatile.Read(ref _owner0) == Vacant && Interlocked.CompareExchange(ref _owner0, writer, Vacant) == Vacant)
        {
            return ref Unsafe.Add(ref home, HomeOffset);
        }

        if (Volatile.Read(ref _owner3) != Vacant)
        {
            return ref Unsafe.NullRef<long>();
        }

        // A racy streak on the base line, which non-owners write anyway: plain stores, because a lost
        // update only delays or skips a claim, and claims are decided under the lock below.
        ref long candidate = ref Unsafe.Add(ref home, _baseOffset + _width);
        ref long streak = ref Unsafe.Add(ref home, _baseOffset + _width + 1);
        if (candidate != writer)
        {
            candidate = writer;
            streak = 1;
            return ref Unsafe.NullRef<long>();
        }

        if (++streak < ClaimStreak)
        {
            return ref Unsafe.NullRef<long>();
        }

        return ref Claim(writer);
    }

    private ref long Claim(int writer)
    {
        long[] row = new long[RowOffset + _width + Line];

        // The home array is private to this struct and never handed out, so it doubles as the lock.
        lock (_home)
        {
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_home), _baseOffset + _width) = 0;
            if (_owner1 == Vacant)
            {
                Volatile.Write(ref _row1, row);
                Volatile.Write(ref _owner1, writer);
            }
            else if (_owner2 == Vacant)
            {
                Volatile.Write(ref _row2, row);
                Volatile.Write(ref _owner2, writer);
            }
            else if (_owner3 == Vacant)
            {
                Volatile.Write(ref _row3, row);
                Volatile.Write(ref _owner3, writer);
            }
            else
            {
                return ref Unsafe.NullRef<long>();
            }
        }

        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(row), RowOffset);
    }
}
