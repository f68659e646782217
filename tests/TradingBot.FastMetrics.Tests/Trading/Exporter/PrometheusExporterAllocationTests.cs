using System;
using System.Runtime.CompilerServices;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Exporter;

public sealed class PrometheusExporterAllocationTests
{
    [Fact]
    public void EveryMethod_WarmedUp_AllocatesNothing()
    {
        var exporter = new PrometheusExporter(new BotMetrics(new MetricRegistry(), "1.0.0", DateTimeOffset.UnixEpoch), new HealthRegistry());
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
