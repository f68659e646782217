using System;
using System.Runtime.CompilerServices;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Exporter;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Exporter;

public sealed class PrometheusExporterAllocationTests
{
    [Fact]
    public void EveryMethod_WarmedUp_AllocatesNothing()
    {
        PrometheusExporter exporter = new TradingFixture().Exporter;
        for (int i = 0; i < 200; i++)
        {
            RecordEverything(exporter, i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            RecordEverything(exporter, i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LabeledMethods_SameOrFreshStringInstancePerCall_AllocateNothing(bool fresh)
    {
        // A bot that parses symbols from every message passes a new string instance per call: made here,
        // before the measurement, so only the exporter's own allocations are counted.
        const int Calls = 4_096;
        string[] symbols = new string[Calls];
        string[] guards = new string[Calls];
        for (int i = 0; i < Calls; i++)
        {
            string symbol = (i & 3) switch { 0 => "BTCUSDT", 1 => "ETHUSDT", 2 => "SOLUSDT", _ => "BNBUSDT" };
            symbols[i] = fresh ? new string(symbol.AsSpan()) : symbol;
            guards[i] = fresh ? new string("cooldown".AsSpan()) : "cooldown";
        }

        var fixture = new TradingFixture();
        PrometheusExporter exporter = fixture.Exporter;
        RecordLabeled(exporter, symbols, guards);

        long before = GC.GetAllocatedBytesForCurrentThread();
        RecordLabeled(exporter, symbols, guards);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(4, fixture.Metrics.TradesOpened.SeriesCount);
        Assert.Equal(Calls / 2, fixture.Metrics.TradesOpened.WithLabels("BTCUSDT").Value);
        Assert.Equal(Calls * 2, fixture.Metrics.GuardBlocks.WithLabels("cooldown").Value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RecordLabeled(PrometheusExporter exporter, string[] symbols, string[] guards)
    {
        for (int i = 0; i < symbols.Length; i++)
        {
            exporter.RecordTradeOpened(symbols[i]);
            exporter.RecordTradeClosed(symbols[i], "win");
            exporter.RecordGuardBlock(guards[i]);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RecordEverything(PrometheusExporter exporter, int i)
    {
        exporter.RecordOpenLatency(120 + (i & 7));
        exporter.RecordOpenLatency(1000, 2000 + i);
        exporter.RecordCloseLatency(90.5);
        exporter.RecordCloseLatency(1000, 3000);
        exporter.RecordEntrySlippage((i & 1) == 0 ? 2.5 : -1.25);
        exporter.RecordExitSlippage(7);
        exporter.RecordGuardBlock((i & 1) == 0 ? "daily_loss" : "cooldown");
        exporter.UpdatePositionsCount(i & 3);
        exporter.UpdateUnrealizedPnl(i * 0.5);
        exporter.RecordReconciliationOrphan("exchange_position");
        exporter.RecordAnomalyTrigger("price_spike");
        exporter.SetHealthStatus("exchange", (i & 1) == 0);
        exporter.RecordTradeOpened((i & 1) == 0 ? "BTCUSDT" : "ETHUSDT");
        exporter.RecordTradeClosed("BTCUSDT", (i & 1) == 0 ? "win" : "loss");

        // Bad input takes the drop path, which must be allocation-free too once its counter exists.
        exporter.RecordGuardBlock(null!);
        exporter.RecordOpenLatency(double.NaN);
        exporter.UpdatePositionsCount(-1);
    }
}
