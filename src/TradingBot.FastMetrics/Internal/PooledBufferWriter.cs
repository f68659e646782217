using System;
using System.Buffers;

namespace TradingBot.FastMetrics.Internal;

/// <summary>
/// A growable <see cref="IBufferWriter{T}"/> over one array rented from <see cref="ArrayPool{T}.Shared"/>.
/// </summary>
/// <remarks>
/// Reuse one instance across scrapes with <see cref="Reset"/>: once the buffer has grown to the size of a
/// scrape, later scrapes allocate nothing. Not thread-safe. <see cref="Dispose"/> returns the array.
/// </remarks>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MinimumSize = 4096;
    private byte[]? _buffer;
    private int _written;

    /// <summary>Creates a writer whose first buffer holds at least <paramref name="initialCapacity"/> bytes.</summary>
    /// <param name="initialCapacity">The size of the first rented buffer.</param>
    public PooledBufferWriter(int initialCapacity = MinimumSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, MinimumSize));
    }

    /// <summary>Gets the bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => Buffer.AsSpan(0, _written);

    /// <summary>Gets the bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => Buffer.AsMemory(0, _written);

    /// <summary>Gets the number of bytes written since the last <see cref="Reset"/>.</summary>
    public int WrittenCount => _written;

    /// <summary>Gets the size of the rented buffer.</summary>
    public int Capacity => Buffer.Length;

    private byte[] Buffer
    {
        get
        {
            byte[]? buffer = _buffer;
            if (buffer is null)
            {
                ThrowHelper.ThrowObjectDisposedException_PooledBufferWriter();
            }

            return buffer;
        }
    }

    /// <summary>Forgets the written bytes and keeps the buffer for the next use.</summary>
    public void Reset() => _written = 0;

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > Buffer.Length)
        {
            ThrowHelper.ThrowInvalidOperationException_WriterAdvancedTooFar();
        }

        _written += count;
    }

    /// <summary>Takes back the last <paramref name="count"/> advanced bytes, as if they had never been written.</summary>
    internal void Retract(int count)
    {
        if ((uint)count > (uint)_written)
        {
            ThrowHelper.ThrowInvalidOperationException_WriterRetractedTooFar();
        }

        _written -= count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Returns the buffer to the pool; the writer cannot be used afterwards.</summary>
    public void Dispose()
    {
        byte[]? buffer = _buffer;
        _buffer = null;
        _written = 0;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EnsureCapacity(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        byte[] buffer = Buffer;
        if (sizeHint == 0)
        {
            sizeHint = 1;
        }

        if (buffer.Length - _written < sizeHint)
        {
            GrowSlow(sizeHint);
        }
    }

    private void GrowSlow(int sizeHint)
    {
        byte[] old = Buffer;
        int needed = checked(_written + sizeHint);
        int size = Math.Max(needed, checked(old.Length * 2));
        byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
        old.AsSpan(0, _written).CopyTo(bigger);
        _buffer = bigger;
        ArrayPool<byte>.Shared.Return(old);
    }
}
