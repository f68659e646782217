using System.Buffers;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>Something that can write a whole scrape: the one entry point the server calls.</summary>
public interface IExpositionSource
{
    /// <summary>Writes every metric, in <paramref name="format"/>, into <paramref name="output"/>.</summary>
    /// <param name="output">Where the UTF-8 text goes: a pooled buffer or a <c>PipeWriter</c>.</param>
    /// <param name="format">The text format to write.</param>
    /// <remarks>Implementations are safe to call from several threads at once and never block recording.</remarks>
    void WriteTo(IBufferWriter<byte> output, ExpositionFormat format);
}
