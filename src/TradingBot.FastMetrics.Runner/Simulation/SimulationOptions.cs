using System;
using System.Collections.Generic;
using System.Globalization;

namespace TradingBot.FastMetrics.Runner.Simulation;

/// <summary>What the simulated trader trades, how fast, and from which seed.</summary>
public sealed class SimulationOptions
{
    /// <summary>The symbols traded when none are given.</summary>
    public static readonly IReadOnlyList<string> DefaultSymbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"];

    /// <summary>The positions opened per second when none is given.</summary>
    public const double DefaultRate = 5;

    /// <summary>The highest accepted rate, far above what one simulated trader needs for a load test.</summary>
    public const double MaxRate = 1_000_000;

    /// <summary>Gets the symbols to trade; at least one, no duplicates.</summary>
    public IReadOnlyList<string> Symbols { get; init; } = DefaultSymbols;

    /// <summary>Gets the seed; the same seed and symbols give the same sequence of events.</summary>
    public long Seed { get; init; } = Environment.TickCount64;

    /// <summary>Gets the positions opened per second <see cref="SimulatedTrader.RunAsync"/> keeps to (the <c>--rate</c> option); closes and guard blocks come on top.</summary>
    public double Rate { get; init; } = DefaultRate;

    /// <summary>Reads <c>--symbols A,B,C</c>, <c>--seed N</c> and <c>--rate R</c> (also as <c>--name=value</c>), ignoring every other argument.</summary>
    /// <param name="args">The command line, such as the runner's <c>args</c>; other options (<c>--host</c>, <c>--port</c>, ...) are skipped with their values.</param>
    /// <param name="options">The options read, defaults for those not given; null on failure.</param>
    /// <param name="error">A one-line message naming the bad option, or null on success.</param>
    /// <returns><see langword="true"/> when every simulation option present was valid.</returns>
    public static bool TryParse(IReadOnlyList<string> args, out SimulationOptions? options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        IReadOnlyList<string> symbols = DefaultSymbols;
        long seed = Environment.TickCount64;
        double rate = DefaultRate;
        options = null;

        for (int i = 0; i < args.Count; i++)
        {
            string name = CommandLine.SplitName(args[i] ?? string.Empty, out string? value);

            if (name is not ("--symbols" or "--seed" or "--rate"))
            {
                continue;
            }

            if (value is null && !CommandLine.TryTakeValue(args, ref i, out value, out error))
            {
                return false;
            }

            switch (name)
            {
                case "--symbols":
                    if (!TryParseSymbols(value, out symbols, out error))
                    {
                        return false;
                    }

                    break;
                case "--seed":
                    if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
                    {
                        error = $"--seed must be a whole number, not '{value}'";
                        return false;
                    }

                    break;
                default:
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || !(rate > 0 && rate <= MaxRate))
                    {
                        error = $"--rate must be a number of positions opened per second, above 0 and at most {MaxRate.ToString(CultureInfo.InvariantCulture)}, not '{value}'";
                        return false;
                    }

                    break;
            }
        }

        options = new SimulationOptions { Symbols = symbols, Seed = seed, Rate = rate };
        error = null;
        return true;
    }

    private static bool TryParseSymbols(string value, out IReadOnlyList<string> symbols, out string? error)
    {
        var list = new List<string>();
        foreach (string part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (list.Contains(part))
            {
                symbols = DefaultSymbols;
                error = $"--symbols must not list a symbol twice, not '{value}'";
                return false;
            }

            list.Add(part);
        }

        if (list.Count == 0)
        {
            symbols = DefaultSymbols;
            error = $"--symbols must list at least one symbol, such as BTCUSDT,ETHUSDT, not '{value}'";
            return false;
        }

        symbols = list;
        error = null;
        return true;
    }
}
