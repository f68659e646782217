using System;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Exemplars;

/// <summary>One exemplar: label values in fixed-size character slots, a value and a timestamp, behind a sequence lock.</summary>
/// <remarks>
/// A writer claims the slot by moving the version from even to odd with one compare-and-swap, and gives up
/// (the exemplar is simply not kept) if another writer holds it: exemplars are samples, and the record path
/// never waits. Readers copy the fields and accept them only if the version was even and unchanged; a full
/// fence keeps the copies before the second version read.
/// </remarks>
internal sealed class ExemplarSlot
{
    private readonly char[] _chars;
    private readonly int[] _lengths;
    private int _version;
    private double _value;
    private long _unixTicks;

    public ExemplarSlot(int charCapacity, int valueCount)
    {
        _chars = new char[charCapacity];
        _lengths = new int[valueCount];
    }

    /// <summary>Claims the slot; false when another writer holds it. Follow with <see cref="Publish"/>.</summary>
    public bool TryClaim(out int version)
    {
        version = Volatile.Read(ref _version);
        return (version & 1) == 0 && Interlocked.CompareExchange(ref _version, version + 1, version) == version;
    }

    /// <summary>Copies one value into its character slot; the caller has claimed the slot.</summary>
    public void SetValue(int index, int offset, scoped ReadOnlySpan<char> value)
    {
        value.CopyTo(_chars.AsSpan(offset));
        _lengths[index] = value.Length;
    }

    /// <summary>Sets the value and timestamp and releases the slot claimed with <paramref name="version"/>.</summary>
    public void Publish(int version, double value, long unixTicks)
    {
        _value = value;
        _unixTicks = unixTicks;
        Volatile.Write(ref _version, version + 2);
    }

    /// <summary>Copies a consistent exemplar out; false when never written or written to throughout.</summary>
    public bool TryRead(Span<char> chars, Span<int> lengths, out double value, out long unixTicks)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            int before = Volatile.Read(ref _version);
            if (before == 0)
            {
                break;
            }

            if ((before & 1) != 0)
            {
                Thread.SpinWait(4);
                continue;
            }

            _chars.AsSpan(0, chars.Length).CopyTo(chars);
            _lengths.AsSpan(0, lengths.Length).CopyTo(lengths);
            value = _value;
            unixTicks = _unixTicks;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _version) == before)
            {
                return true;
            }
        }

        value = 0;
        unixTicks = 0;
        return false;
    }
}
