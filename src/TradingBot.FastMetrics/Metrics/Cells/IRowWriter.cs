namespace TradingBot.FastMetrics.Metrics.Cells;

/// <summary>
/// One record into a <see cref="StripedCells"/>: what to write into the caller's own row, and into the shared
/// rows. A small readonly struct, so that <see cref="StripedCells.Write{TWriter}"/> is specialised and inlined per record kind.
/// </summary>
internal interface IRowWriter
{
    /// <summary>Writes into a row that only the calling thread writes: plain loads, volatile stores.</summary>
    /// <param name="row">The row's first value.</param>
    void Owned(ref long row);

    /// <summary>Writes into the shared rows, atomically (<see cref="StripedCells.SharedRow"/> and its helpers).</summary>
    /// <param name="cells">The series' storage.</param>
    void Shared(ref StripedCells cells);
}
