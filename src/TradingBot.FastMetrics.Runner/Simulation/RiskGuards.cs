using System;
using TradingBot.FastMetrics.Trading.Catalogue;

namespace TradingBot.FastMetrics.Runner.Simulation;

/// <summary>The simulated trader's three risk guards; time is counted in simulation steps.</summary>
/// <remarks>Not thread-safe; the simulated trader calls it under its own lock.</remarks>
public sealed class RiskGuards
{
    /// <summary>The realized loss within one simulated day at which <c>daily_loss</c> blocks new positions.</summary>
    public const double DailyLossLimit = 1_000;

    /// <summary>The length of a simulated trading day, in steps.</summary>
    public const int DayLengthSteps = 1_000;

    /// <summary>The steps after a close during which <c>cooldown</c> blocks reopening the symbol.</summary>
    public const int CooldownSteps = 2;

    private readonly long[] _lastClosedStep;
    private double _dailyRealizedPnl;

    /// <summary>Creates guards for <paramref name="symbolCount"/> symbols.</summary>
    /// <param name="symbolCount">The number of symbols; <c>max_positions</c> allows one fewer open positions (at least one).</param>
    public RiskGuards(int symbolCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbolCount);
        MaxPositions = Math.Max(1, symbolCount - 1);
        _lastClosedStep = new long[symbolCount];
        Array.Fill(_lastClosedStep, -CooldownSteps - 1L);
    }

    /// <summary>Gets the most positions open at once.</summary>
    public int MaxPositions { get; }

    /// <summary>Gets the realized profit and loss of the current simulated day.</summary>
    public double DailyRealizedPnl => _dailyRealizedPnl;

    /// <summary>Starts a new day when <paramref name="step"/> begins one.</summary>
    /// <param name="step">The step about to run.</param>
    public void OnStep(long step)
    {
        if (step % DayLengthSteps == 0)
        {
            _dailyRealizedPnl = 0;
        }
    }

    /// <summary>Records a closed position for the daily loss and the symbol's cooldown.</summary>
    /// <param name="symbolIndex">The symbol's index.</param>
    /// <param name="step">The step it closed in.</param>
    /// <param name="realizedPnl">Its realized profit or loss.</param>
    public void OnClosed(int symbolIndex, long step, double realizedPnl)
    {
        _lastClosedStep[symbolIndex] = step;
        _dailyRealizedPnl += realizedPnl;
    }

    /// <summary>Returns the guard that blocks opening a position now, or null when none does.</summary>
    /// <param name="symbolIndex">The symbol to open.</param>
    /// <param name="openPositions">The positions open now.</param>
    /// <param name="step">The current step.</param>
    /// <returns>The blocking guard's name, or null.</returns>
    public string? Check(int symbolIndex, int openPositions, long step)
    {
        if (_dailyRealizedPnl <= -DailyLossLimit)
        {
            return BotLabelValues.DailyLossGuard;
        }

        if (openPositions >= MaxPositions)
        {
            return BotLabelValues.MaxPositionsGuard;
        }

        if (step - _lastClosedStep[symbolIndex] <= CooldownSteps)
        {
            return BotLabelValues.CooldownGuard;
        }

        return null;
    }
}
