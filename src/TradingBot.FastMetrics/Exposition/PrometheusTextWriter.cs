using System;
using System.Runtime.CompilerServices;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>Writes UTF-8 text into a <see cref="PooledBufferWriter"/>, caching the current span between writes.</summary>
/// <remarks>
/// Each write checks the cached span and copies; only when it is full does the out-of-line
/// <see cref="RefillSlow"/> advance the output and ask for a new span. Call <see cref="Flush"/> at the end.
/// <see cref="Rewind"/> takes back everything written since a
/// <see cref="Mark"/>, even bytes already advanced into the output, so a family whose rendering fails
/// part-way leaves nothing behind.
/// </remarks>
internal ref struct PrometheusTextWriter
{
    // Large enough that a refill is rare.
    private const int RefillSize = 4096;

    private readonly PooledBufferWriter _output;
    private Span<byte> _span;
    private int _position;

    // Bytes advanced into the output by this writer so far.
    private int _advanced;

    public PrometheusTextWriter(PooledBufferWriter output)
    {
        _output = output;
        _span = output.GetSpan(RefillSize);
        _position = 0;
        _advanced = 0;
    }

    /// <summary>Returns the position of the next byte, for a later <see cref="Rewind"/>.</summary>
    public readonly int Mark() => _advanced + _position;

    /// <summary>Drops everything written since <paramref name="mark"/>.</summary>
    public void Rewind(int mark)
    {
        if (mark >= _advanced)
        {
            _position = mark - _advanced;
            return;
        }

        _output.Retract(_advanced - mark);
        _advanced = mark;
        _span = _output.GetSpan(RefillSize);
        _position = 0;
    }

    /// <summary>Copies bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _span.Length - _position)
        {
            RefillSlow(bytes.Length);
        }

        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    /// <summary>Writes one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte value)
    {
        if (_position >= _span.Length)
        {
            RefillSlow(1);
        }

        _span[_position++] = value;
    }

    /// <summary>Writes a long in decimal.</summary>
    public void WriteLong(long value)
    {
        if (Utf8NumberFormatter.MaxLongLength > _span.Length - _position)
        {
            RefillSlow(Utf8NumberFormatter.MaxLongLength);
        }

        _position += Utf8NumberFormatter.FormatLong(value, _span[_position..]);
    }

    /// <summary>Writes a double in Go's shortest %g form (with <c>.0</c> on whole numbers for OpenMetrics).</summary>
    public void WriteDouble(double value, bool openMetrics)
    {
        if (Utf8NumberFormatter.MaxDoubleLength > _span.Length - _position)
        {
            RefillSlow(Utf8NumberFormatter.MaxDoubleLength);
        }

        _position += Utf8NumberFormatter.FormatDouble(value, _span[_position..], openMetrics);
    }

    /// <summary>Advances the output past everything written so far.</summary>
    public void Flush()
    {
        if (_position > 0)
        {
            _output.Advance(_position);
            _advanced += _position;
            _span = _output.GetSpan(RefillSize);
            _position = 0;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RefillSlow(int sizeHint)
    {
        _output.Advance(_position);
        _advanced += _position;
        _position = 0;
        _span = _output.GetSpan(Math.Max(sizeHint, RefillSize));
    }
}
