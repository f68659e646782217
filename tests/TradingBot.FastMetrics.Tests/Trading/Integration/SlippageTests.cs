using System;
using FsCheck;
using FsCheck.Xunit;
using TradingBot.FastMetrics.Trading.Integration;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Integration;

public sealed class SlippageTests
{
    [Theory]
    [InlineData(OrderSide.Buy, 1000, 1000.5, 5)]
    [InlineData(OrderSide.Buy, 1000, 999.5, -5)]
    [InlineData(OrderSide.Sell, 1000, 999.5, 5)]
    [InlineData(OrderSide.Sell, 1000, 1000.5, -5)]
    [InlineData(OrderSide.Buy, 200, 200, 0)]
    [InlineData(OrderSide.Sell, 50, 51, -200)]
    public void TryComputeBps_ExactCases_SignedAdversePositive(OrderSide side, double expected, double fill, double bps)
    {
        Assert.True(Slippage.TryComputeBps(side, expected, fill, out double actual));
        Assert.Equal(bps, actual);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(-1, 100)]
    [InlineData(100, 0)]
    [InlineData(double.NaN, 100)]
    [InlineData(100, double.NaN)]
    [InlineData(double.PositiveInfinity, 100)]
    [InlineData(100, double.PositiveInfinity)]
    public void TryComputeBps_UnusablePrice_ReturnsFalse(double expected, double fill)
    {
        Assert.False(Slippage.TryComputeBps(OrderSide.Buy, expected, fill, out double bps));
        Assert.Equal(0, bps);
    }

    [Fact]
    public void TryComputeBps_UndefinedSide_ReturnsFalse()
    {
        Assert.False(Slippage.TryComputeBps((OrderSide)5, 100, 101, out _));
    }

    [Fact]
    public void EntryAndExitSide_FollowThePosition()
    {
        Assert.Equal(OrderSide.Buy, Slippage.EntrySide(PositionSide.Long));
        Assert.Equal(OrderSide.Sell, Slippage.EntrySide(PositionSide.Short));
        Assert.Equal(OrderSide.Sell, Slippage.ExitSide(PositionSide.Long));
        Assert.Equal(OrderSide.Buy, Slippage.ExitSide(PositionSide.Short));
        Assert.Throws<ArgumentOutOfRangeException>(() => Slippage.EntrySide((PositionSide)3));
    }

    [Property(MaxTest = 500)]
    public bool TryComputeBps_AnyPositivePrices_BuyAndSellAreOpposite(PositiveInt expectedCents, PositiveInt fillCents)
    {
        double expected = expectedCents.Get / 100.0;
        double fill = fillCents.Get / 100.0;
        bool buyOk = Slippage.TryComputeBps(OrderSide.Buy, expected, fill, out double buy);
        bool sellOk = Slippage.TryComputeBps(OrderSide.Sell, expected, fill, out double sell);

        return (buyOk && sellOk && buy == -sell && Math.Sign(buy) == Math.Sign(fill - expected));
    }

    [Property(MaxTest = 500)]
    public bool TryComputeBps_AgreesWithNaiveFormula(PositiveInt expectedCents, PositiveInt fillCents)
    {
        double expected = expectedCents.Get / 100.0;
        double fill = fillCents.Get / 100.0;
        Slippage.TryComputeBps(OrderSide.Buy, expected, fill, out double bps);
        double naive = (fill / expected - 1) * 10_000;

        return (Math.Abs(bps - naive) <= 1e-9 * Math.Max(1, Math.Abs(naive)));
    }
}
