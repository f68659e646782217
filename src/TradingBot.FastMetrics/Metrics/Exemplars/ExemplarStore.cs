using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Exemplars;

/// <summary>The exemplars of one series: one slot per classic bucket (or one for a counter), all with one label layout.</summary>
/// <remarks>
/// Created on the series' first exemplar and fixed to that <see cref="ExemplarOptions"/>; an exemplar
/// offered with other options is refused and counted. Offering allocates nothing: values are copied into
/// the slot's fixed character array, the trace context is formatted on the stack.
/// </remarks>
internal sealed class ExemplarStore
{
    /// <summary>Exemplar slots of a native-only histogram, chosen by native bucket index.</summary>
    public const int NativeSlots = 8;

    private readonly MetricSeries _series;
    private readonly ExemplarSlot[] _slots;
    private readonly long _minIntervalTimestamp;
    private long _lastTimestamp;
    private Counter? _truncated;
    private Counter? _refused;

    private ExemplarStore(MetricSeries series, ExemplarOptions options, int slots)
    {
        _series = series;
        Options = options;
        _minIntervalTimestamp = (long)(options.MinInterval.TotalSeconds * Stopwatch.Frequency);
        _slots = new ExemplarSlot[slots];
        for (int i = 0; i < slots; i++)
        {
            _slots[i] = new ExemplarSlot(CharCapacity, options.SlotCount);
        }
    }

    /// <summary>Gets the label layout.</summary>
    public ExemplarOptions Options { get; }

    /// <summary>Gets the number of slots.</summary>
    public int SlotCount => _slots.Length;

    /// <summary>Gets the characters a slot holds: every value slot plus the trace context.</summary>
    public int CharCapacity => (Options.LabelNameArray.Length * Options.MaxValueLength)
        + (Options.IncludeTraceContext ? ExemplarOptions.TraceIdLength + ExemplarOptions.SpanIdLength : 0);

    /// <summary>Returns the store of <paramref name="series"/>, creating it with <paramref name="slots"/> slots on first use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ExemplarStore Get(MetricSeries series, ExemplarOptions options, int slots) =>
        Volatile.Read(ref series.Exemplars) ?? CreateSlow(series, options, slots);

    /// <summary>Offers an exemplar to slot <paramref name="slot"/>; kept unless the interval, a concurrent writer or a bad value says no.</summary>
    public void Offer(ExemplarOptions options, int slot, double value, ReadOnlySpan<char> value1, ReadOnlySpan<char> value2)
    {
        if (!ReferenceEquals(options, Options) || (uint)slot >= (uint)_slots.Length)
        {
            CountRefused();
            return;
        }

        if (_minIntervalTimestamp > 0)
        {
            long now = Stopwatch.GetTimestamp();
            long last = Volatile.Read(ref _lastTimestamp);
            if ((last != 0 && now - last < _minIntervalTimestamp) || Interlocked.CompareExchange(ref _lastTimestamp, now, last) != last)
            {
                return;
            }
        }

        int max = options.MaxValueLength;
        if (value1.Length > max || value2.Length > max)
        {
            if (options.Overflow == ExemplarOverflow.Refuse)
            {
                CountRefused();
                return;
            }

            CountTruncated();
            value1 = value1[..Math.Min(value1.Length, max)];
            value2 = value2[..Math.Min(value2.Length, max)];
        }

        ExemplarSlot target = _slots[slot];
        if (!target.TryClaim(out int version))
        {
            return;
        }

        target.SetValue(0, 0, value1);
        if (options.LabelNameArray.Length > 1)
        {
            target.SetValue(1, max, value2);
        }

        if (options.IncludeTraceContext)
        {
            WriteTraceContext(target, options);
        }

        target.Publish(version, value, DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks);
    }

    /// <summary>Copies slot <paramref name="slot"/> out; see <see cref="ExemplarSlot.TryRead"/>.</summary>
    public bool TryRead(int slot, Span<char> chars, Span<int> lengths, out double value, out long unixTicks) =>
        _slots[slot].TryRead(chars, lengths, out value, out unixTicks);

    private static void WriteTraceContext(ExemplarSlot target, ExemplarOptions options)
    {
        int offset = options.LabelNameArray.Length * options.MaxValueLength;
        int index = options.LabelNameArray.Length;
        Activity? activity = Activity.Current;
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            target.SetValue(index, offset, default);
            target.SetValue(index + 1, offset + ExemplarOptions.TraceIdLength, default);
            return;
        }

        // The ids' raw bytes, hex-encoded in lower case as W3C trace context writes them, on the stack.
        Span<byte> raw = stackalloc byte[ExemplarOptions.TraceIdLength / 2];
        Span<char> hex = stackalloc char[ExemplarOptions.TraceIdLength];
        activity.TraceId.CopyTo(raw);
        Convert.TryToHexStringLower(raw, hex, out int written);
        target.SetValue(index, offset, hex[..written]);
        activity.SpanId.CopyTo(raw[..(ExemplarOptions.SpanIdLength / 2)]);
        Convert.TryToHexStringLower(raw[..(ExemplarOptions.SpanIdLength / 2)], hex, out written);
        target.SetValue(index + 1, offset + ExemplarOptions.TraceIdLength, hex[..written]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ExemplarStore CreateSlow(MetricSeries series, ExemplarOptions options, int slots)
    {
        var store = new ExemplarStore(series, options, slots);
        return Interlocked.CompareExchange(ref series.Exemplars, store, null) ?? store;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountTruncated() => (_truncated ??= Dropped("exemplar_truncated")).Inc();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountRefused() => (_refused ??= Dropped("exemplar_refused")).Inc();

    private Counter Dropped(string reason) => _series.Family.Registry.DroppedFamily.WithLabels(_series.Family.Name, reason);
}
