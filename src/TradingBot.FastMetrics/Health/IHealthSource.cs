using System.Buffers;

namespace TradingBot.FastMetrics.Health;

/// <summary>Something that can write the <c>/health</c> document: the one entry point the server calls for health.</summary>
public interface IHealthSource
{
    /// <summary>Writes the health document (JSON) into <paramref name="output"/> and reports whether everything is healthy.</summary>
    /// <param name="output">Where the UTF-8 JSON goes.</param>
    /// <param name="uptimeSeconds">Seconds since the server started, reported in the document.</param>
    /// <returns><see langword="true"/> when every component is healthy, so the server answers 200 rather than 503.</returns>
    /// <remarks>Implementations are safe to call from several threads at once and never block the components reporting health.</remarks>
    bool WriteTo(IBufferWriter<byte> output, double uptimeSeconds);
}
