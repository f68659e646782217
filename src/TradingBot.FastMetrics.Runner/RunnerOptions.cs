using System;
using System.Globalization;

namespace TradingBot.FastMetrics.Runner;

/// <summary>The runner's server options: <c>--host</c>, <c>--port</c>, <c>--duration</c>, <c>--bind-any</c> and <c>--help</c>.</summary>
/// <remarks>The simulation's <c>--symbols</c>, <c>--seed</c> and <c>--rate</c> are read by <c>SimulationOptions</c>; this parser checks only that they have a value.</remarks>
internal sealed class RunnerOptions
{
    /// <summary>Gets the host to bind; loopback by default.</summary>
    public string Host { get; private init; } = "127.0.0.1";

    /// <summary>Gets the port to listen on.</summary>
    public int Port { get; private init; } = 8080;

    /// <summary>Gets how long to serve before exiting 0, or null to serve until Ctrl+C or SIGTERM.</summary>
    public TimeSpan? Duration { get; private init; }

    /// <summary>Gets whether binding to every interface (0.0.0.0, ::) is allowed.</summary>
    public bool BindAny { get; private init; }

    /// <summary>Gets whether <c>--help</c> or <c>-h</c> was given: print <see cref="CommandLine.Help"/> and exit 0.</summary>
    public bool ShowHelp { get; private init; }

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
        foreach (string arg in args)
        {
            if (CommandLine.IsHelp(arg))
            {
                options = new RunnerOptions { ShowHelp = true };
                return true;
            }
        }

        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string name = CommandLine.SplitName(arg, out string? value);

            if (name == "--bind-any" && value is null)
            {
                bindAny = true;
                continue;
            }

            bool simulation = name is "--symbols" or "--seed" or "--rate" or "--pushgateway";
            if (!simulation && name is not ("--host" or "--port" or "--duration"))
            {
                error = $"unknown option '{arg}'";
                return false;
            }

            if (value is null && !CommandLine.TryTakeValue(args, ref i, out value, out error))
            {
                return false;
            }

            switch (name)
            {
                case "--symbols" or "--seed" or "--rate" or "--pushgateway":
                    // The simulation's options, checked by SimulationOptions.TryParse; --pushgateway by PushgatewayOption.TryParse.
                    break;
                case "--host":
                    host = value;
                    break;
                case "--port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                    {
                        error = $"--port must be a whole number 0..65535, not '{value}'";
                        return false;
                    }

                    break;
                default:
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds >= 0) || seconds > int.MaxValue / 1000.0)
                    {
                        error = $"--duration must be a number of seconds, 0 or more, not '{value}'";
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
