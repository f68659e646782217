using System;
using System.Buffers;
using System.IO.Compression;

namespace TradingBot.FastMetrics.Server;

/// <summary>Gzips a rendered scrape into a pooled buffer (RFC 1952 framing via <see cref="GZipStream"/>).</summary>
/// <remarks>
/// One per gzip render slot, used only by that slot's render in flight, so never concurrently. <see cref="GZipStream"/> cannot be reset, so each call creates
/// one (a few hundred managed bytes; its deflate buffer is pooled by the runtime); the compressed bytes
/// themselves land in the caller's pooled render buffer.
/// </remarks>
internal sealed class GzipCompressor : IDisposable
{
    private readonly BufferWriterStream _sink = new();
    private readonly CompressionLevel _level;

    public GzipCompressor(CompressionLevel level) => _level = level;

    /// <summary>Compresses <paramref name="input"/> and appends the gzip member to <paramref name="output"/>.</summary>
    /// <param name="input">The uncompressed body.</param>
    /// <param name="output">Receives the gzip member.</param>
    public void Compress(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        _sink.SetTarget(output);
        using (var gzip = new GZipStream(_sink, _level, leaveOpen: true))
        {
            gzip.Write(input);
        }
    }

    public void Dispose() => _sink.Dispose();
}
