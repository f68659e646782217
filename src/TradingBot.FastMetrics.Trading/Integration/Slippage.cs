using System;

namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>Computes signed slippage in basis points from an expected and a fill price.</summary>
/// <remarks>
/// Positive is adverse: a buy filled above, or a sell filled below, the expected price. Negative is price
/// improvement. One basis point is 0.01% of the expected price.
/// </remarks>
public static class Slippage
{
    private const double BasisPointsPerUnit = 10_000;

    /// <summary>Computes the slippage of an order fill.</summary>
    /// <param name="side">The order's side.</param>
    /// <param name="expectedPrice">The price expected when the order was sent; must be positive and finite.</param>
    /// <param name="fillPrice">The fill price; must be positive and finite.</param>
    /// <param name="bps">The signed slippage in basis points, or 0 when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="false"/> when a price is not positive and finite or the side is undefined.</returns>
    public static bool TryComputeBps(OrderSide side, double expectedPrice, double fillPrice, out double bps)
    {
        // 0 < x < +Inf is false for NaN as well, so this one check rejects every unusable price.
        if (!(expectedPrice > 0 && expectedPrice < double.PositiveInfinity && fillPrice > 0 && fillPrice < double.PositiveInfinity)
            || side is not (OrderSide.Buy or OrderSide.Sell))
        {
            bps = 0;
            return false;
        }

        // Scale the difference before dividing: exact for prices a few digits apart, one rounding in all.
        double adverse = side == OrderSide.Buy ? fillPrice - expectedPrice : expectedPrice - fillPrice;
        bps = adverse * BasisPointsPerUnit / expectedPrice;
        return true;
    }

    /// <summary>Returns the side of the order that opens a position.</summary>
    /// <param name="side">The position's side.</param>
    /// <returns><see cref="OrderSide.Buy"/> for a long, <see cref="OrderSide.Sell"/> for a short.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> is not a defined value.</exception>
    public static OrderSide EntrySide(PositionSide side) => side switch
    {
        PositionSide.Long => OrderSide.Buy,
        PositionSide.Short => OrderSide.Sell,
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "The position side is neither Long nor Short."),
    };

    /// <summary>Returns the side of the order that closes a position.</summary>
    /// <param name="side">The position's side.</param>
    /// <returns><see cref="OrderSide.Sell"/> for a long, <see cref="OrderSide.Buy"/> for a short.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> is not a defined value.</exception>
    public static OrderSide ExitSide(PositionSide side) => side switch
    {
        PositionSide.Long => OrderSide.Sell,
        PositionSide.Short => OrderSide.Buy,
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "The position side is neither Long nor Short."),
    };
}
