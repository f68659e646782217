using System;
using System.Runtime.CompilerServices;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Exporter;
using TradingBot.FastMetrics.Trading.Integration;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Integration;

public sealed class TraderMetricsAllocationTests
{
    private static readonly string[] s_symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"];

    [Fact]
    public void AttachedRoundTrip_WarmedUp_AllocatesNothing()
    {
        PrometheusExporter exporter = new TradingFixture().Exporter;
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, exporter);
        for (int i = 0; i < 200; i++)
        {
            RoundTrip(trader, i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            RoundTrip(trader, i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(10_200, exporter.Metrics.OpenLatency.Count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RoundTrip(ScriptedTrader trader, int i)
    {
        string symbol = s_symbols[i & 3];
        PositionSide side = (i & 1) == 0 ? PositionSide.Long : PositionSide.Short;
        trader.Open(symbol, side, 1000, 1000.25, 120 + (i & 63));
        trader.Positions(1, 2.5);
        trader.Close(symbol, side, 1000, 999.75, (i & 1) == 0 ? TradeResult.Win : TradeResult.Loss, 1.5, 90);
        trader.Positions(0, 0);
        trader.Block((i & 1) == 0 ? "cooldown" : "max_positions", symbol);
        trader.Orphan("exchange_position", symbol);
        trader.Anomaly("price_spike", symbol);
        trader.Health("exchange", (i & 1) == 0);
    }
}
