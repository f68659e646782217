using System;
using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;

namespace TradingBot.FastMetrics.Server;

/// <summary>Renders scrapes once for every request that arrives while the same representation is rendering (single flight).</summary>
/// <remarks>
/// One slot per representation (format and encoding). The first request for a slot renders on its own
/// thread-pool thread; requests that arrive before it finishes take a reference to the same
/// <see cref="RenderBuffer"/> and wait for it asynchronously, so N concurrent scrapes cost one render.
/// A request that arrives after the render finished starts a new one: shared bytes are never older than
/// the requests they answer. This is the server's one entry point into Exposition
/// (<see cref="IExpositionSource.WriteTo"/>).
/// </remarks>
internal sealed partial class ScrapeRenderer
{
    private readonly IExpositionSource _source;
    private readonly HttpServerMetrics? _metrics;
    private readonly Slot[] _slots;
    private long _renders;
    private long _shared;

    public ScrapeRenderer(IExpositionSource source, CompressionLevel gzipLevel, HttpServerMetrics? metrics)
    {
        _source = source;
        _metrics = metrics;
        ExpositionFormat[] formats = Enum.GetValues<ExpositionFormat>();
        int count = 0;
        foreach (ExpositionFormat format in formats)
        {
            count = Math.Max(count, (int)format + 1);
        }

        _slots = new Slot[count * 2];
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot((i & 1) == 1 ? gzipLevel : null);
        }
    }

    /// <summary>Gets how many renders ran (a shared render counts once).</summary>
    public long RenderCount => Interlocked.Read(ref _renders);

    /// <summary>Gets how many requests were answered from another request's render.</summary>
    public long SharedCount => Interlocked.Read(ref _shared);

    /// <summary>Gets the bytes the slots keep for reuse (the server's retained scrape memory).</summary>
    public long RetainedBytes
    {
        get
        {
            long total = 0;
            foreach (Slot slot in _slots)
            {
                total += slot.RetainedBytes;
            }

            return total;
        }
    }

    /// <summary>Gets how many free buffers the slots keep now.</summary>
    public int RetainedBufferCount
    {
        get
        {
            int total = 0;
            foreach (Slot slot in _slots)
            {
                total += slot.FreeCount;
            }

            return total;
        }
    }

    /// <summary>Lets idle slots keep one free buffer: a quiet server holds one scrape per representation in use, not two.</summary>
    public void Trim()
    {
        foreach (Slot slot in _slots)
        {
            slot.Trim();
        }
    }

    /// <summary>Gets a rendered body for <paramref name="format"/>, rendering it or joining a render in flight.</summary>
    /// <param name="format">The negotiated format.</param>
    /// <param name="gzip">Whether the body is gzip-encoded.</param>
    /// <returns>The body with one reference held for the caller, who must <see cref="RenderBuffer.Release"/> it; null when the exposition threw.</returns>
    public ValueTask<RenderBuffer?> AcquireAsync(ExpositionFormat format, bool gzip)
    {
        Slot slot = _slots[((int)format * 2) + (gzip ? 1 : 0)];
        RenderBuffer buffer;
        lock (slot.Lock)
        {
            if (slot.InFlight is { } running)
            {
                running.AddReference();
                running.Joined ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Interlocked.Increment(ref _shared);
                return JoinAsync(running, running.Joined.Task);
            }

            buffer = slot.RentUnsynchronized();
            slot.InFlight = buffer;
        }

        Render(slot, buffer, format);
        TaskCompletionSource? joined;
        lock (slot.Lock)
        {
            // Joiners attach only while InFlight is this buffer, so after this none can.
            slot.InFlight = null;
            joined = buffer.Joined;
        }

        joined?.SetResult();
        if (buffer.Failed)
        {
            buffer.Release();
            return new ValueTask<RenderBuffer?>((RenderBuffer?)null);
        }

        return new ValueTask<RenderBuffer?>(buffer);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<RenderBuffer?> JoinAsync(RenderBuffer buffer, Task rendered)
    {
        await rendered.ConfigureAwait(false);
        if (buffer.Failed)
        {
            buffer.Release();
            return null;
        }

        return buffer;
    }

    private void Render(Slot slot, RenderBuffer buffer, ExpositionFormat format)
    {
        long start = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _renders);
        try
        {
            if (slot.Compressor is { } compressor)
            {
                // The identity slot of the same format lends the uncompressed scratch, so its size
                // estimate is shared and the scratch goes back to a pool the server already keeps.
                Slot identity = _slots[(int)format * 2];
                RenderBuffer text;
                lock (identity.Lock)
                {
                    text = identity.RentUnsynchronized();
                }

                try
                {
                    _source.WriteTo(text, format);
                    identity.Observe(text.WrittenCount);
                    compressor.Compress(text.Memory.Span, buffer);
                }
                finally
                {
                    text.Release();
                }
            }
            else
            {
                _source.WriteTo(buffer, format);
            }

            slot.Observe(buffer.WrittenCount);
        }
        catch (Exception)
        {
            // A failing exposition answers 500 to everyone sharing this render; the connection survives.
            buffer.Failed = true;
        }

        _metrics?.OnRender(start, buffer.WrittenCount);
    }
}
