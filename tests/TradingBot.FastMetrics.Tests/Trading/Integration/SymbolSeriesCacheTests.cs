using System;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;
using TradingBot.FastMetrics.Trading.Integration;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Integration;

public sealed class SymbolSeriesCacheTests
{
    private readonly MetricRegistry _registry = new();
    private readonly PrometheusExporter _exporter;

    public SymbolSeriesCacheTests()
    {
        _exporter = new PrometheusExporter(new BotMetrics(_registry, "1.0.0", DateTimeOffset.UnixEpoch), new HealthRegistry());
    }

    [Fact]
    public void Trades_FreshStringInstancePerEvent_CountInOneSeriesPerSymbol()
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _exporter);

        for (int i = 0; i < 1_000; i++)
        {
            string symbol = new(i % 2 == 0 ? "BTCUSDT".AsSpan() : "ETHUSDT".AsSpan());
            trader.Open(symbol, PositionSide.Long, 100, 100, 10);
            trader.Close(new string(symbol.AsSpan()), PositionSide.Long, 100, 100, TradeResult.Breakeven, 0, 10);
        }

        string text = Scrape.Text(_registry);
        Assert.Equal(
            "bot_trades_opened_total{symbol=\"BTCUSDT\"} 500\n" +
            "bot_trades_opened_total{symbol=\"ETHUSDT\"} 500\n",
            Scrape.Samples(text, BotMetricNames.TradesOpened));
        Assert.Equal(
            "bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"breakeven\"} 500\n" +
            "bot_trades_closed_total{symbol=\"ETHUSDT\",result=\"breakeven\"} 500\n",
            Scrape.Samples(text, BotMetricNames.TradesClosed));
    }

    [Fact]
    public void Trades_MoreSymbolsThanTheCacheHolds_AreAllCounted()
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _exporter);
        string[] symbols = new string[SymbolSeriesCache.Size * 2];
        for (int i = 0; i < symbols.Length; i++)
        {
            symbols[i] = "SYM" + i;
        }

        for (int round = 0; round < 3; round++)
        {
            foreach (string symbol in symbols)
            {
                trader.Open(symbol, PositionSide.Short, 100, 100, 10);
                trader.Close(symbol, PositionSide.Short, 100, 100, round == 0 ? TradeResult.Win : TradeResult.Loss, 0, 10);
            }
        }

        Assert.Equal(symbols.Length, _exporter.Metrics.TradesOpened.SeriesCount);
        Assert.Equal(symbols.Length * 2, _exporter.Metrics.TradesClosed.SeriesCount);
        foreach (string symbol in symbols)
        {
            Assert.Equal(3, _exporter.Metrics.TradesOpened.WithLabels(symbol).Value);
            Assert.Equal(1, _exporter.Metrics.TradesClosed.WithLabels(symbol, "win").Value);
            Assert.Equal(2, _exporter.Metrics.TradesClosed.WithLabels(symbol, "loss").Value);
        }
    }

    [Fact]
    public void Closed_FirstTradeIsAClose_CreatesNoOpenedSeries()
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _exporter);

        trader.Close("BTCUSDT", PositionSide.Long, 100, 100, TradeResult.Win, 1, 10);

        string text = Scrape.Text(_registry);
        Assert.Equal(string.Empty, Scrape.Family(text, BotMetricNames.TradesOpened));
        Assert.Equal("bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"win\"} 1\n", Scrape.Samples(text, BotMetricNames.TradesClosed));
    }
}
