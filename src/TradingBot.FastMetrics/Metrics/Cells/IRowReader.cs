namespace TradingBot.FastMetrics.Metrics.Cells;

/// <summary>Accumulates the rows of a <see cref="StripedCells"/> during a read; a struct, so the read inlines.</summary>
internal interface IRowReader
{
    /// <summary>Adds one row, given as a reference to its first value.</summary>
    /// <param name="row">The row's first value; read it with volatile reads.</param>
    void Add(ref long row);
}
