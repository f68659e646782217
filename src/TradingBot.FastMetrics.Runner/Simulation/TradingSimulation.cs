using System;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Trading.Exporter;
using TradingBot.FastMetrics.Trading.Integration;

namespace TradingBot.FastMetrics.Runner.Simulation;

/// <summary>The runner's entry point into the simulation: a simulated trader with the bot's metrics attached.</summary>
public static class TradingSimulation
{
    /// <summary>Runs a simulated trader recording into <paramref name="exporter"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="options">The symbols, seed and rate.</param>
    /// <param name="exporter">The exporter to record into, normally <see cref="PrometheusExporter.Instance"/>.</param>
    /// <param name="onSummary">Receives a one-line summary every <paramref name="summaryInterval"/>; null for none.</param>
    /// <param name="summaryInterval">How often to produce the summary line.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The final summary line, once the run has stopped and the metrics are detached; the task faults only with an exception from <paramref name="onSummary"/>.</returns>
    public static async Task<string> RunAsync(
        SimulationOptions options,
        PrometheusExporter exporter,
        Action<string>? onSummary,
        TimeSpan summaryInterval,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(exporter);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(summaryInterval, TimeSpan.Zero);

        var trader = new SimulatedTrader(options);
        exporter.InitializeSeries(trader.KnownLabels);
        using TraderMetrics metrics = TraderMetrics.Attach(trader, exporter);

        // The run stops with the caller's token, and also if the summary callback throws, so it never outlives this call.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task run = trader.RunAsync(stop.Token);
        try
        {
            if (onSummary is null)
            {
                await run.ConfigureAwait(false);
                return trader.GetSummaryLine();
            }

            using var timer = new PeriodicTimer(summaryInterval);
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                onSummary(trader.GetSummaryLine());
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping is the normal end of a run.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await run.ConfigureAwait(false);
        }

        return trader.GetSummaryLine();
    }
}
