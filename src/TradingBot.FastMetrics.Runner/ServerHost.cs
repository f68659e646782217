using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;

namespace TradingBot.FastMetrics.Runner;

/// <summary>Serves an exposition with <see cref="MetricsServer"/> until a duration passes or Ctrl+C/SIGTERM arrives.</summary>
internal static class ServerHost
{
    /// <summary>Exit code when the server cannot bind (port taken, bad host).</summary>
    public const int BindFailedExitCode = 2;

    /// <summary>Starts the server, waits, stops it.</summary>
    /// <param name="source">What <c>/metrics</c> serves.</param>
    /// <param name="options">Host, port and duration.</param>
    /// <param name="health">What <c>/health</c> reports.</param>
    /// <param name="onStarted">Called once the server listens, so work that feeds it starts only then.</param>
    /// <param name="onStopping">Called once, before the server stops, with why it stops: "duration reached", "Ctrl+C", "SIGTERM" or "stopped".</param>
    /// <param name="stopping">Also stops the server when cancelled (for a caller with its own shutdown).</param>
    /// <returns>0 after a clean stop; <see cref="BindFailedExitCode"/> when the server could not start.</returns>
    public static async Task<int> RunAsync(
        IExpositionSource source,
        RunnerOptions options,
        IHealthSource health,
        Action? onStarted = null,
        Action<string>? onStopping = null,
        CancellationToken stopping = default)
    {
        MetricsServer server = new(source, new MetricsServerOptions
        {
            Host = options.Host,
            Port = options.Port,
            AllowBindToAnyAddress = options.BindAny,
            Health = health,
            SelfMetrics = MetricRegistry.Default,
        });
        try
        {
            server.Start();
        }
        catch (Exception ex) when (ex is MetricsServerBindException or ArgumentException)
        {
            string message = ex is ArgumentException
                ? $"host '{options.Host}' binds every network interface; pass --bind-any to allow that"
                : ex.Message;
            await Console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
            return BindFailedExitCode;
        }

        await using (server.ConfigureAwait(false))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            string? reason = null;
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                Interlocked.CompareExchange(ref reason, "Ctrl+C", null);
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Interlocked.CompareExchange(ref reason, "SIGTERM", null);
                stop.Cancel();
            });
            try
            {
                Console.WriteLine($"Serving http://{server.EndPoint}/metrics and /health; {(options.Duration is { } d ? $"stopping after {d.TotalSeconds:0.###} s" : "Ctrl+C to stop")}.");
                onStarted?.Invoke();
                await Task.Delay(options.Duration ?? Timeout.InfiniteTimeSpan, stop.Token).ConfigureAwait(false);
                Interlocked.CompareExchange(ref reason, "duration reached", null);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C, SIGTERM or the caller: a normal stop.
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            onStopping?.Invoke(Volatile.Read(ref reason) ?? "stopped");
        }

        return 0;
    }
}
