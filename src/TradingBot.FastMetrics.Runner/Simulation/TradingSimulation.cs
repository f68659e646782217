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
    /// <returns>A task that completes normally once the run has stopped and the metrics are detached.</returns>
    public static async Task RunAsync(
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
        Task run = trader.RunAsync(cancellationToken);
        if (onSummary is not null)
        {
            using var timer = new PeriodicTimer(summaryInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    onSummary(trader.GetSummaryLine());
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping is the normal end of a run.
            }
        }

        await run.ConfigureAwait(false);
    }
}
