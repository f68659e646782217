using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TradingBot.FastMetrics.Exposition.Protobuf;

/// <summary>Encodes protocol buffer fields into a rented scratch buffer; nested messages are length-prefixed on close.</summary>
/// <remarks>
/// Wire format: https://protobuf.dev/programming-guides/encoding/. A nested message reserves one byte for
/// its length; when it closes longer than 127 bytes, its content moves right to make room for the longer
/// varint (one memmove per message, and most metric messages are short), so lengths are never padded and
/// the bytes equal what the official runtime writes for the same fields in the same order.
/// </remarks>
internal struct ProtobufWriter : IDisposable
{
    /// <summary>Wire type 0: varint.</summary>
    public const int Varint = 0;

    /// <summary>Wire type 1: 64-bit little-endian.</summary>
    public const int Fixed64 = 1;

    /// <summary>Wire type 2: length-delimited.</summary>
    public const int LengthDelimited = 2;

    private byte[] _buffer;
    private int _position;

    /// <summary>Creates a writer with a rented buffer of at least <paramref name="capacity"/> bytes.</summary>
    public ProtobufWriter(int capacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        _position = 0;
    }

    /// <summary>Gets the bytes written since the last <see cref="Reset"/>.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _position);

    /// <summary>Forgets the written bytes and keeps the buffer.</summary>
    public void Reset() => _position = 0;

    /// <summary>Writes a field key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Tag(int field, int wireType) => WriteVarint((uint)((field << 3) | wireType));

    /// <summary>Writes a raw varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint(ulong value)
    {
        if (_buffer.Length - _position < 10)
        {
            Grow(10);
        }

        byte[] buffer = _buffer;
        int position = _position;
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
        _position = position;
    }

    /// <summary>Writes a <c>double</c> field.</summary>
    public void Double(int field, double value)
    {
        Tag(field, Fixed64);
        if (_buffer.Length - _position < 8)
        {
            Grow(8);
        }

        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    /// <summary>Writes a <c>uint64</c>, <c>int64</c> or enum field.</summary>
    public void UInt64(int field, ulong value)
    {
        Tag(field, Varint);
        WriteVarint(value);
    }

    /// <summary>Writes a <c>sint32</c> or <c>sint64</c> field (zigzag).</summary>
    public void SInt64(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint(ZigZag(value));
    }

    /// <summary>Copies bytes that already are whole encoded fields.</summary>
    public void Raw(scoped ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _position < bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    /// <summary>Returns room for at least <paramref name="size"/> bytes at the current position; follow with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _position < size)
        {
            Grow(size);
        }

        return _buffer.AsSpan(_position);
    }

    /// <summary>Moves the position past <paramref name="count"/> bytes written into <see cref="GetSpan"/>.</summary>
    public void Advance(int count) => _position += count;

    /// <summary>Writes a varint into <paramref name="span"/>, which has room for it; returns its size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteVarint(Span<byte> span, ulong value)
    {
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        return n;
    }

    /// <summary>Opens a length-delimited field; pass the result to <see cref="EndMessage"/>.</summary>
    /// <param name="field">The field number, or 0 for a bare length prefix (the delimited stream's frame).</param>
    /// <returns>Where the content starts.</returns>
    public int BeginMessage(int field)
    {
        if (field != 0)
        {
            Tag(field, LengthDelimited);
        }

        if (_position >= _buffer.Length)
        {
            Grow(1);
        }

        _position++;
        return _position;
    }

    /// <summary>Closes a field opened by <see cref="BeginMessage"/>, writing its length before its content.</summary>
    public void EndMessage(int start)
    {
        int length = _position - start;
        if (length < 0x80)
        {
            _buffer[start - 1] = (byte)length;
            return;
        }

        int extra = VarintSize((ulong)length) - 1;
        if (_buffer.Length - _position < extra)
        {
            Grow(extra);
        }

        // Overlapping copy: Span.CopyTo behaves as a memmove.
        _buffer.AsSpan(start, length).CopyTo(_buffer.AsSpan(start + extra));
        int at = start - 1;
        ulong value = (ulong)length;
        while (value >= 0x80)
        {
            _buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[at] = (byte)value;
        _position += extra;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _position = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Returns the zigzag encoding of a signed value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>Returns the number of bytes a varint of <paramref name="value"/> takes.</summary>
    public static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        byte[] old = _buffer;
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(old.Length * 2, _position + needed));
        old.AsSpan(0, _position).CopyTo(bigger);
        _buffer = bigger;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
