using System;
using System.Collections.Generic;

namespace TradingBot.FastMetrics.Runner;

/// <summary>What the runner's two option parsers share: the usage text and the rule that a value is never an option.</summary>
internal static class CommandLine
{
    /// <summary>The one-line usage printed under an error.</summary>
    public const string ShortUsage = "usage: TradingBot.FastMetrics.Runner [options]; run with --help to list them";

    /// <summary>The text <c>--help</c> prints: every option, its default and examples.</summary>
    public const string Help =
        """
        TradingBot.FastMetrics.Runner: a simulated trading bot whose metrics are served for Prometheus.

        usage: dotnet run --project src/TradingBot.FastMetrics.Runner -- [options]
           or: dotnet TradingBot.FastMetrics.Runner.dll [options]

        It serves http://HOST:PORT/metrics (Prometheus text or OpenMetrics) and /health (JSON), trades
        simulated symbols, prints a summary line every 5 seconds and one final line when it stops.

        options:
          --host <address>      address to listen on                     default 127.0.0.1
          --port <n>            port to listen on, 0..65535 (0 = any free) default 8080
          --bind-any            allow --host 0.0.0.0 or :: (every network interface); off by default
          --duration <seconds>  stop by itself after this many seconds    default: run until Ctrl+C or SIGTERM
          --symbols <A,B,...>   symbols to trade, comma-separated          default BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT
          --rate <n>            positions opened per second, above 0       default 5
          --seed <n>            random seed; the same seed repeats a run   default: new each run (printed at start)
          --pushgateway <url>   also push to this Pushgateway every 5 s and at exit, job trading_bot (backtests)
          -h, --help            print this text and exit

        Values follow their option (--port 9101) or an equals sign (--port=9101).

        examples:
          dotnet run --project src/TradingBot.FastMetrics.Runner
          dotnet run --project src/TradingBot.FastMetrics.Runner -- --port 9101 --rate 20 --seed 7
          dotnet run --project src/TradingBot.FastMetrics.Runner -- --duration 60 --symbols BTCUSDT,ETHUSDT

        exit codes: 0 after a normal stop, 1 for a bad option, 2 when the address cannot be bound.
        """;

    /// <summary>Returns whether <paramref name="arg"/> asks for the help text.</summary>
    /// <param name="arg">A command-line argument.</param>
    /// <returns>Whether it is <c>-h</c> or <c>--help</c>.</returns>
    public static bool IsHelp(string arg) => arg is "-h" or "--help";

    /// <summary>Returns whether <paramref name="value"/> is an option name rather than a value, such as <c>--duration</c> after <c>--port</c>.</summary>
    /// <param name="value">The argument that follows an option.</param>
    /// <returns>Whether it starts with <c>--</c> or is <c>-h</c>; a negative number such as <c>-5</c> is a value.</returns>
    public static bool IsOptionName(string value) => value.StartsWith("--", StringComparison.Ordinal) || IsHelp(value);

    /// <summary>Splits <c>--name=value</c> into its name and value; any other argument is its own name with no value.</summary>
    /// <param name="arg">A command-line argument.</param>
    /// <param name="value">The value after <c>=</c>, or null.</param>
    /// <returns>The option name.</returns>
    public static string SplitName(string arg, out string? value)
    {
        int equals = arg.IndexOf('=', StringComparison.Ordinal);
        if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
        {
            value = arg[(equals + 1)..];
            return arg[..equals];
        }

        value = null;
        return arg;
    }

    /// <summary>Takes the value of the option at <paramref name="index"/> from the next argument, unless it is missing or is itself an option.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="index">The option's index; advanced past the value when one is taken.</param>
    /// <param name="value">The value, when taken.</param>
    /// <param name="error">A one-line message, when not.</param>
    /// <returns>Whether a value was taken.</returns>
    public static bool TryTakeValue(IReadOnlyList<string> args, ref int index, out string value, out string? error)
    {
        string name = SplitName(args[index], out _);
        string? next = index + 1 < args.Count ? args[index + 1] : null;
        if (next is null || IsOptionName(next))
        {
            value = string.Empty;
            error = MissingValue(name, next);
            return false;
        }

        value = next;
        error = null;
        index++;
        return true;
    }

    /// <summary>The error for an option given without its value.</summary>
    /// <param name="option">The option, such as <c>--port</c>.</param>
    /// <param name="next">The argument found instead, or null at the end of the line.</param>
    /// <returns>A one-line message.</returns>
    private static string MissingValue(string option, string? next) =>
        next is null ? $"{option} needs a value" : $"{option} needs a value, not the option '{next}'";
}
