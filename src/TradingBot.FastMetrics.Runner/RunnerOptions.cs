using System;
using System.Globalization;

namespace TradingBot.FastMetrics.Runner;

/// <summary>The runner's server options: <c>--host</c>, <c>--port</c>, <c>--duration</c> and <c>--bind-any</c>.</summary>
/// <remarks>The simulation's <c>--symbols</c>, <c>--seed</c> and <c>--rate</c> are read by <c>SimulationOptions</c>; this parser skips them.</remarks>
internal sealed class RunnerOptions
{
    public const string Usage =
        "usage: TradingBot.FastMetrics.Runner [--host 127.0.0.1] [--port 8080] [--duration <seconds>] [--bind-any]"
        + " [--symbols BTCUSDT,ETHUSDT] [--seed <n>] [--rate <trades per second>] [--pushgateway <url>]";

    /// <summary>Gets the host to bind; loopback by default.</summary>
    public string Host { get; private init; } = "127.0.0.1";

    /// <summary>Gets the port to listen on.</summary>
    public int Port { get; private init; } = 8080;

    /// <summary>Gets how long to serve before exiting 0, or null to serve until Ctrl+C or SIGTERM.</summary>
    public TimeSpan? Duration { get; private init; }

    /// <summary>Gets whether binding to every interface (0.0.0.0, ::) is allowed.</summary>
    public bool BindAny { get; private init; }

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="options">The parsed options, when valid.</param>
    /// <param name="error">A one-line reason, when not.</param>
    /// <returns>Whether the arguments were valid.</returns>
    public static bool TryParse(string[] args, out RunnerOptions options, out string? error)
    {
        string host = "127.0.0.1";
        int port = 8080;
        TimeSpan? duration = null;
        bool bindAny = false;
        options = new RunnerOptions();
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--bind-any")
            {
                bindAny = true;
                continue;
            }

            if (arg.StartsWith("--symbols", StringComparison.Ordinal) || arg.StartsWith("--seed", StringComparison.Ordinal)
                || arg.StartsWith("--rate", StringComparison.Ordinal) || arg.StartsWith("--pushgateway", StringComparison.Ordinal))
            {
                // The simulation's options (and --pushgateway, read by PushgatewayOption); skip the value too unless it came as --name=value.
                i += arg.Contains('=', StringComparison.Ordinal) ? 0 : 1;
                continue;
            }

            if (arg is not ("--host" or "--port" or "--duration"))
            {
                error = $"unknown argument '{arg}'";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{arg} needs a value";
                return false;
            }

            string value = args[++i];
            switch (arg)
            {
                case "--host":
                    host = value;
                    break;
                case "--port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                    {
                        error = $"--port must be 0..65535, not '{value}'";
                        return false;
                    }

                    break;
                default:
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds >= 0) || seconds > int.MaxValue / 1000.0)
                    {
                        error = $"--duration must be a number of seconds, not '{value}'";
                        return false;
                    }

                    duration = TimeSpan.FromSeconds(seconds);
                    break;
            }
        }

        options = new RunnerOptions { Host = host, Port = port, Duration = duration, BindAny = bindAny };
        return true;
    }
}
