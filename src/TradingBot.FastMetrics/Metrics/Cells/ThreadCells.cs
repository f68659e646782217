using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Metrics.Cells;

/// <summary>
/// The storage of one series: a row of <see cref="long"/> values per writing thread, each row written only
/// by its owner thread. A mutable struct held in a field of its series: do not make that field readonly.
/// </summary>
/// <remarks>
/// <para>Why per-thread and not per-core: a cell with a single writer needs no atomic instruction, so a
/// record is a plain load and store (0.4 ns here against 6.4 ns for <c>Interlocked.Increment</c>), and two
/// writers never touch one line. Striping by processor id would still need <c>Interlocked</c>, because a
/// thread can be preempted between reading the core number and writing the cell.</para>
/// <para>The first writer owns the home row, made with the series and reached from it in one load, so the
/// common single-writer series costs one padded row and its record path is series, row, value. The second
/// writer's row is kept as directly; later writers find theirs in a small table indexed by their
/// <see cref="ThreadSlot"/> (every row is also in that table, which is what scrapes walk). Rows are never
/// freed while the series lives, and slots of exited threads are recycled, so the row count is bounded by
/// the number of threads alive at once that ever wrote the series.</para>
/// <para>Readers sum the rows with volatile reads. Each count only ever grows by its owner's writes, so a
/// sum read later is never smaller than one read earlier. Aligned 64-bit loads and stores are atomic on
/// the 64-bit runtimes we support.</para>
/// </remarks>
internal struct ThreadCells
{
    /// <summary>Index of the owner slot in a row; 0 means unclaimed.</summary>
    private const int OwnerIndex = CacheLine.Longs - 2;

    /// <summary>Index of the first value in a row.</summary>
    /// <remarks>The array header is 16 bytes, so the owner lands 128 bytes from the object's start and the
    /// values just after it: no other object's data shares their cache-line pair.</remarks>
    private const int ValueOffset = OwnerIndex + 1;

    private readonly long[] _home;
    private long[]?[] _table;
    private int _count;

    // The second writer's row, reached as directly as the home row: series written by two threads
    // (a strategy loop and a reconciler) are common, and the table walk costs the second one ~0.5 ns.
    private long[]? _second;

    // The owners of the home and second rows, also kept here: other writers test them on every record,
    // and reading them from the rows would pull the lines their owners write (measured: 2 writers went
    // from 0.8 to 3.1 ns).
    private int _homeOwner;
    private int _secondOwner;

    /// <summary>Creates storage for rows of <paramref name="width"/> values, with the unclaimed home row ready.</summary>
    public ThreadCells(int width)
    {
        _home = NewRow(width);
        _table = [_home];
        _count = 1;
    }

    /// <summary>Gets the number of rows (writer threads seen, or the unclaimed home row).</summary>
    public readonly int RowCount => Volatile.Read(ref Unsafe.AsRef(in _count));

    /// <summary>Returns the calling thread's own row; index it with <see cref="Value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long[] GetRow()
    {
        int slot = ThreadSlot.Current;
        if (_homeOwner == slot)
        {
            return _home;
        }

        if (_secondOwner == slot)
        {
            return _second!;
        }

        // Another writer: its row sits at its slot in the table (length a power of two, so in range).
        long[]?[] table = _table;
        long[]? row = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), slot & (table.Length - 1));
        if (row is not null && Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(row), OwnerIndex) == slot)
        {
            return row;
        }

        return GetRowSlow(slot);
    }

    /// <summary>Returns a reference to value <paramref name="index"/> of a row, without a bounds check.</summary>
    /// <remarks>Callers pass indexes below the width fixed when the series was built.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref long Value(long[] row, int index) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(row), ValueOffset + index);

    /// <summary>Sums the values at <paramref name="index"/> over all rows.</summary>
    public readonly long SumLong(int index)
    {
        if (RowCount == 1)
        {
            return Volatile.Read(ref Value(_home, index));
        }

        long sum = 0;
        foreach (long[]? row in Volatile.Read(ref Unsafe.AsRef(in _table)))
        {
            if (row is not null)
            {
                sum += Volatile.Read(ref Value(row, index));
            }
        }

        return sum;
    }

    /// <summary>Sums a long value and a double value (stored as bits) over all rows in one pass.</summary>
    public readonly void SumLongAndDouble(int longIndex, int doubleIndex, out long longSum, out double doubleSum)
    {
        if (RowCount == 1)
        {
            longSum = Volatile.Read(ref Value(_home, longIndex));
            doubleSum = BitConverter.Int64BitsToDouble(Volatile.Read(ref Value(_home, doubleIndex)));
            return;
        }

        longSum = 0;
        doubleSum = 0;
        foreach (long[]? row in Volatile.Read(ref Unsafe.AsRef(in _table)))
        {
            if (row is not null)
            {
                longSum += Volatile.Read(ref Value(row, longIndex));
                doubleSum += BitConverter.Int64BitsToDouble(Volatile.Read(ref Value(row, doubleIndex)));
            }
        }
    }

    /// <summary>Sums the doubles stored as bits at <paramref name="index"/> over all rows.</summary>
    public readonly double SumDouble(int index)
    {
        SumLongAndDouble(index, index, out _, out double sum);
        return sum;
    }

    /// <summary>Sums the first <c>destination.Length</c> values of every row into <paramref name="destination"/>.</summary>
    public readonly void SumLongs(Span<long> destination)
    {
        destination.Clear();
        if (RowCount == 1)
        {
            AddRow(_home, destination);
            return;
        }

        foreach (long[]? row in Volatile.Read(ref Unsafe.AsRef(in _table)))
        {
            if (row is not null)
            {
                AddRow(row, destination);
            }
        }
    }

    private static void AddRow(long[] row, Span<long> destination)
    {
        ReadOnlySpan<long> values = row.AsSpan(ValueOffset, destination.Length);
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] += Volatile.Read(in values[i]);
        }
    }

    private static long[] NewRow(int width) => new long[ValueOffset + width + CacheLine.Longs];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long[] GetRowSlow(int slot)
    {
        // A collision in the table, or a table replaced under us: probe without the lock first.
        long[]? found = Find(Volatile.Read(ref _table), slot);
        if (found is not null)
        {
            return found;
        }

        // The home row is private to this struct and never handed out, so it doubles as the lock.
        lock (_home)
        {
            long[]?[] table = _table;
            found = Find(table, slot);
            if (found is not null)
            {
                return found;
            }

            // The first writer claims the home row made with the series: recording the first value of a
            // series written by one thread allocates nothing.
            long[] row;
            int count = _count;
            if (_home[OwnerIndex] == 0)
            {
                row = _home;
            }
            else
            {
                row = NewRow(_home.Length - ValueOffset - CacheLine.Longs);
                count++;
            }

            row[OwnerIndex] = slot;
            if (ReferenceEquals(row, _home))
            {
                Volatile.Write(ref _homeOwner, slot);
            }
            else if (_second is null)
            {
                _second = row;
                Volatile.Write(ref _secondOwner, slot);
            }

            Volatile.Write(ref _table, Rebuild(table, row, count));

            // Published after the table, and before the owner's first write to the new row: a reader that
            // sees one row cannot be missing a row that already holds values.
            Volatile.Write(ref _count, count);
            return row;
        }
    }

    private static long[]? Find(long[]?[] table, int slot)
    {
        int mask = table.Length - 1;
        for (int i = 0; i < table.Length; i++)
        {
            long[]? row = table[(slot + i) & mask];
            if (row is null)
            {
                return null;
            }

            if (Volatile.Read(ref row[OwnerIndex]) == slot)
            {
                return row;
            }
        }

        return null;
    }

    // Tables are immutable once published: readers and the lock-free fast path may hold an old one,
    // which still lists every row that existed when it was built, and rows are never dropped.
    private static long[]?[] Rebuild(long[]?[] old, long[] added, int count)
    {
        int size = count == 1 ? 1 : (int)BitOperations.RoundUpToPowerOf2((uint)count * 2);
        var table = new long[]?[size];
        foreach (long[]? row in old)
        {
            if (row is not null && !ReferenceEquals(row, added))
            {
                Insert(table, row);
            }
        }

        Insert(table, added);
        return table;
    }

    private static void Insert(long[]?[] table, long[] row)
    {
        int mask = table.Length - 1;
        int i = (int)row[OwnerIndex];
        while (table[i & mask] is not null)
        {
            i++;
        }

        table[i & mask] = row;
    }
}
