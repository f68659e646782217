using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;

namespace TradingBot.FastMetrics.Server;

/// <summary>One rendered scrape body, shared by every response that asked for it while it rendered.</summary>
/// <remarks>
/// Reference-counted: the render holds one reference, each response that shares it one more, and the
/// last <see cref="Release"/> hands the buffer back to its <see cref="ScrapeRenderer"/> slot, so no
/// connection keeps a scrape-sized buffer once its response is written. The array is allocated by the
/// slot (not <see cref="ArrayPool{T}.Shared"/>), so what the server retains is exactly what its slots keep.
/// </remarks>
internal sealed class RenderBuffer : IBufferWriter<byte>
{
    private readonly ScrapeRenderer.Slot _owner;
    private byte[] _array;
    private int _written;
    private int _references;

    public RenderBuffer(ScrapeRenderer.Slot owner, int capacity)
    {
        _owner = owner;
        _array = GC.AllocateUninitializedArray<byte>(capacity);
    }

    /// <summary>Gets the rendered bytes.</summary>
    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _written);

    public int Capacity => _array.Length;

    public int WrittenCount => _written;

    /// <summary>Gets or sets whether the render failed; sharers then answer 500. Set by the renderer before it publishes.</summary>
    public bool Failed { get; set; }

    /// <summary>Gets or sets what requests that joined this render wait on; created only when one joins (under the slot lock).</summary>
    public TaskCompletionSource? Joined { get; set; }

    /// <summary>Readies a pooled buffer for a new render of at least <paramref name="capacity"/> bytes, with one reference.</summary>
    /// <param name="capacity">The expected size.</param>
    public void Prepare(int capacity)
    {
        if (_array.Length < capacity)
        {
            _array = GC.AllocateUninitializedArray<byte>(capacity);
        }

        _written = 0;
        Failed = false;
        Joined = null;
        Volatile.Write(ref _references, 1);
    }

    /// <summary>Adds a reference for one more response.</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Drops a reference; the last one returns the buffer to its slot.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _owner.Return(this);
        }
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - _written);
        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _array.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _array.AsSpan(_written);
    }

    private void EnsureCapacity(int sizeHint)
    {
        if (_array.Length - _written < Math.Max(sizeHint, 1))
        {
            GrowSlow(sizeHint);
        }
    }

    private void GrowSlow(int sizeHint)
    {
        // Grow by half rather than doubling: the slot sizes the next render from this one, so after
        // the first scrape a render fits at once and the spare capacity stays near an eighth.
        int needed = checked(_written + Math.Max(sizeHint, 1));
        int size = Math.Max(needed, checked(_array.Length + (_array.Length / 2)));
        byte[] bigger = GC.AllocateUninitializedArray<byte>(size);
        _array.AsSpan(0, _written).CopyTo(bigger);
        _array = bigger;
    }
}
