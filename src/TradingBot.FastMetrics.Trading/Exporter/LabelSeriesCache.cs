using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Trading.Exporter;

/// <summary>The series of a one- or two-label family, found by label content in a small table read without hashing the whole string.</summary>
/// <remarks>
/// <para>A bot often parses its symbols from every exchange message, so each call brings a new string
/// instance with the same characters. The table is keyed by content: a slot is picked from the length and
/// the first and last four characters (two 8-byte reads, whatever the length), and a hit is confirmed with
/// an ordinal compare. The family's own look-up hashes every character with a randomised hash; this one
/// costs a fixed few nanoseconds and allocates nothing for any instance of a seen value.</para>
/// <para>The slot key is salted per process and a value is placed at most <see cref="Probes"/> slots from
/// its home, so values chosen to collide, or more than <see cref="Size"/> of them, only fall back to the
/// family's look-up: never a wrong series, never an unbounded table.</para>
/// <para>Removal reaches the cache: every entry remembers the family's <see cref="MetricFamily{TSeries}.Generation"/>
/// at the time it looked its series up, and an entry from an older generation is looked up again, so a
/// symbol that is removed and trades again records into a live, exported series.</para>
/// <para>The overflow series (past the family's cardinality limit) is never cached, so every record folded
/// into it is still counted in <c>fastmetrics_cardinality_overflow_total</c>.</para>
/// <para>Thread-safe and lock-free: entries are immutable and published with a compare-and-swap.</para>
/// </remarks>
/// <typeparam name="TSeries">The series type.</typeparam>
internal sealed class LabelSeriesCache<TSeries>
    where TSeries : MetricSeries
{
    /// <summary>The number of slots; a power of two.</summary>
    internal const int Size = 256;

    /// <summary>How far past its home slot a value may be placed; beyond that it is not cached.</summary>
    internal const int Probes = 8;

    // Salts the slot key, so which values share a slot differs from process to process.
    private static readonly ulong s_salt = (ulong)Random.Shared.NextInt64() | 1;

    private readonly MetricFamily<TSeries> _family;
    private readonly Entry?[] _entries = new Entry?[Size];

    public LabelSeriesCache(MetricFamily<TSeries> family)
    {
        _family = family;
    }

    /// <summary>Returns the series of <paramref name="value"/> in a one-label family.</summary>
    /// <param name="value">A non-null label value.</param>
    /// <returns>The series, as <see cref="MetricFamily{TSeries}.WithLabels(string)"/> would return it.</returns>
    public TSeries Get(string value)
    {
        int generation = _family.Generation;
        int home = Key(value);
        Entry?[] entries = _entries;
        for (int i = 0; i < Probes; i++)
        {
            int slot = (home + i) & (Size - 1);
            Entry? entry = Volatile.Read(ref entries[slot]);
            if (entry is null)
            {
                return AddSlow(slot, value, null, generation);
            }

            if (string.Equals(entry.Value1, value))
            {
                return entry.Generation == generation ? entry.Series : ReplaceSlow(slot, entry, generation);
            }
        }

        return _family.WithLabels(value);
    }

    /// <summary>Returns the series of <paramref name="value1"/> and <paramref name="value2"/> in a two-label family.</summary>
    /// <param name="value1">The first non-null label value.</param>
    /// <param name="value2">The second non-null label value.</param>
    /// <returns>The series, as <see cref="MetricFamily{TSeries}.WithLabels(string, string)"/> would return it.</returns>
    public TSeries Get(string value1, string value2)
    {
        int generation = _family.Generation;
        int home = (int)(((uint)Key(value1) * 0x9E3779B1u) ^ (uint)Key(value2));
        Entry?[] entries = _entries;
        for (int i = 0; i < Probes; i++)
        {
            int slot = (home + i) & (Size - 1);
            Entry? entry = Volatile.Read(ref entries[slot]);
            if (entry is null)
            {
                return AddSlow(slot, value1, value2, generation);
            }

            if (string.Equals(entry.Value1, value1) && string.Equals(entry.Value2, value2))
            {
                return entry.Generation == generation ? entry.Series : ReplaceSlow(slot, entry, generation);
            }
        }

        return _family.WithLabels(value1, value2);
    }

    // A fixed-cost key: the length and two 8-byte reads, the first and the last four characters (they overlap
    // below eight characters); shorter values fold their characters in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Key(string value)
    {
        ReadOnlySpan<char> chars = value;
        ulong first;
        ulong last;
        if (chars.Length >= 4)
        {
            first = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(chars[..4]));
            last = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(chars[^4..]));
        }
        else
        {
            first = chars.Length > 0 ? chars[0] : 0u;
            last = chars.Length > 1 ? ((ulong)chars[^1] << 16) | chars[1] : 0u;
        }

        ulong hash = ((first ^ s_salt) * 0x9E3779B97F4A7C15UL) ^ ((last + (ulong)chars.Length) * 0xC2B2AE3D27D4EB4FUL);
        return (int)(hash >> 32) ^ (int)hash;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TSeries AddSlow(int slot, string value1, string? value2, int generation)
    {
        // The series is looked up after the generation was read: a removal in between leaves an entry of an
        // older generation, which the next call looks up again.
        TSeries series = value2 is null ? _family.WithLabels(value1) : _family.WithLabels(value1, value2);
        if (series.IsOverflow)
        {
            // Past the cardinality limit each record goes through the family, which counts it as folded.
            return series;
        }

        var created = new Entry(value1, value2, series, generation);
        Entry? seen = Interlocked.CompareExchange(ref _entries[slot], created, null);

        // Another thread took the slot first: the series is right either way, and the next call probes on.
        return seen is null || !string.Equals(seen.Value1, value1) || !string.Equals(seen.Value2, value2) || seen.Generation != generation
            ? series
            : seen.Series;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TSeries ReplaceSlow(int slot, Entry stale, int generation)
    {
        TSeries series = stale.Value2 is null ? _family.WithLabels(stale.Value1) : _family.WithLabels(stale.Value1, stale.Value2);
        if (!series.IsOverflow)
        {
            Interlocked.CompareExchange(ref _entries[slot], new Entry(stale.Value1, stale.Value2, series, generation), stale);
        }

        return series;
    }

    private sealed class Entry(string value1, string? value2, TSeries series, int generation)
    {
        public readonly string Value1 = value1;
        public readonly string? Value2 = value2;
        public readonly TSeries Series = series;
        public readonly int Generation = generation;
    }
}
