using System.IO.Compression;
using System.Threading;

namespace TradingBot.FastMetrics.Server;

/// <content>One representation's in-flight render and its small pool of reusable buffers.</content>
internal sealed partial class ScrapeRenderer
{
    /// <summary>The state of one representation (format and encoding).</summary>
    internal sealed class Slot
    {
        // Under wrk -c8 up to four renders' responses are still being written while a new render
        // starts; fewer free buffers made the server allocate a scrape-sized array every few hundred
        // scrapes. Idle, the heartbeat trims the slot back to one (see Trim).
        private const int MaxFree = 4;

        private readonly RenderBuffer?[] _free = new RenderBuffer?[MaxFree];
        private int _freeCount;
        private int _lastSize;
        private int _rentsSinceTrim;

        public Slot(CompressionLevel? gzipLevel)
        {
            Compressor = gzipLevel is { } level ? new GzipCompressor(level) : null;
        }

        public Lock Lock { get; } = new();

        /// <summary>Gets or sets the render requests may join now; guarded by <see cref="Lock"/>.</summary>
        public RenderBuffer? InFlight { get; set; }

        /// <summary>Gets the compressor for a gzip slot; used only by the render in flight, so never concurrently.</summary>
        public GzipCompressor? Compressor { get; }

        public long RetainedBytes
        {
            get
            {
                lock (Lock)
                {
                    long total = 0;
                    for (int i = 0; i < _freeCount; i++)
                    {
                        total += _free[i]!.Capacity;
                    }

                    return total;
                }
            }
        }

        /// <summary>Takes a free buffer (or makes one) sized for the last render plus an eighth; caller holds <see cref="Lock"/>.</summary>
        /// <returns>A buffer holding one reference.</returns>
        public RenderBuffer RentUnsynchronized()
        {
            int last = Volatile.Read(ref _lastSize);
            int capacity = last + (last / 8) + 4096;
            RenderBuffer buffer;
            _rentsSinceTrim++;
            if (_freeCount > 0)
            {
                buffer = _free[--_freeCount]!;
                _free[_freeCount] = null;
            }
            else
            {
                buffer = new RenderBuffer(this, capacity);
            }

            buffer.Prepare(capacity);
            return buffer;
        }

        /// <summary>Takes back a buffer whose last reference was released; beyond the cap it goes to the GC.</summary>
        /// <param name="buffer">The buffer.</param>
        public void Return(RenderBuffer buffer)
        {
            lock (Lock)
            {
                if (_freeCount < MaxFree)
                {
                    _free[_freeCount++] = buffer;
                }
            }
        }

        /// <summary>Gets how many free buffers the slot keeps now.</summary>
        public int FreeCount
        {
            get
            {
                lock (Lock)
                {
                    return _freeCount;
                }
            }
        }

        /// <summary>Keeps one free buffer once the slot has seen no render since the last trim; called by the heartbeat.</summary>
        public void Trim()
        {
            lock (Lock)
            {
                if (_rentsSinceTrim == 0)
                {
                    while (_freeCount > 1)
                    {
                        _free[--_freeCount] = null;
                    }
                }

                _rentsSinceTrim = 0;
            }
        }

        /// <summary>Remembers a render's size, so the next one is allocated at the right size at once.</summary>
        /// <param name="size">The bytes written.</param>
        public void Observe(int size) => Volatile.Write(ref _lastSize, size);
    }
}
