namespace TradingBot.FastMetrics.Internal;

/// <summary>Cache-line geometry used to keep cells written by different threads apart.</summary>
internal static class CacheLine
{
    // 128 bytes, not 64: on the x64 machines we measure, the adjacent-line prefetcher pulls
    // lines in pairs, and 64-byte padding was up to 2x slower with two writers. Arm64 parts
    // with 128-byte lines need the same figure.
    public const int Size = 128;

    /// <summary>How many <see cref="long"/> slots fill one padded line.</summary>
    public const int Longs = Size / sizeof(long);
}
