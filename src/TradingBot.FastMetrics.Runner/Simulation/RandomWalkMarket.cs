using System;
using System.Collections.Generic;

namespace TradingBot.FastMetrics.Runner.Simulation;

/// <summary>A seeded market: each symbol's mid price follows a geometric random walk with rare jumps.</summary>
/// <remarks>Not thread-safe; the simulated trader advances and reads it under its own lock.</remarks>
public sealed class RandomWalkMarket
{
    /// <summary>The standard deviation of one step's log return (0.1%).</summary>
    public const double StepVolatility = 0.001;

    /// <summary>The probability that a step carries a jump.</summary>
    public const double JumpProbability = 0.002;

    /// <summary>The standard deviation of a jump's log return (2%).</summary>
    public const double JumpVolatility = 0.02;

    private readonly SimulationRandom _random;
    private readonly double[] _prices;

    /// <summary>Creates a market for <paramref name="symbols"/>, priced from the generator.</summary>
    /// <param name="symbols">The symbols, at least one.</param>
    /// <param name="random">The generator shared with the trader.</param>
    public RandomWalkMarket(IReadOnlyList<string> symbols, SimulationRandom random)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfZero(symbols.Count);
        _random = random;
        Symbols = symbols;
        _prices = new double[symbols.Count];
        for (int i = 0; i < _prices.Length; i++)
        {
            _prices[i] = InitialPrice(symbols[i], i);
        }
    }

    /// <summary>Gets the symbols, indexed as in <see cref="Mid"/>.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Returns the mid price of symbol number <paramref name="index"/>.</summary>
    /// <param name="index">The symbol's index.</param>
    /// <returns>The price, always positive.</returns>
    public double Mid(int index) => _prices[index];

    /// <summary>Moves every price one step; reports which symbol, if any, jumped.</summary>
    /// <returns>The index of a symbol that jumped by more than 1% this step, or -1.</returns>
    public int Advance()
    {
        int jumped = -1;
        for (int i = 0; i < _prices.Length; i++)
        {
            double logReturn = StepVolatility * _random.NextGaussian();
            if (_random.Chance(JumpProbability))
            {
                double jump = JumpVolatility * _random.NextGaussian();
                logReturn += jump;
                if (Math.Abs(jump) > 0.01)
                {
                    jumped = i;
                }
            }

            _prices[i] *= Math.Exp(logReturn);
        }

        return jumped;
    }

    private static double InitialPrice(string symbol, int index) => symbol switch
    {
        "BTCUSDT" => 65_000,
        "ETHUSDT" => 3_200,
        "SOLUSDT" => 150,
        "BNBUSDT" => 580,
        "XRPUSDT" => 0.6,
        _ => 100.0 * (index + 1),
    };
}
