using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;
using TradingBot.FastMetrics.Trading.Integration;

namespace TradingBot.FastMetrics.Runner.Simulation;

/// <summary>A simulated trader on a seeded random-walk market, raising the full trader lifecycle through <see cref="ITraderEvents"/>.</summary>
/// <remarks>
/// <para>Each <see cref="Step"/> moves the market, may flip a component's health, may find a reconciliation
/// orphan or an anomaly, and makes exactly one trade attempt: close a random open position, or open one on
/// a random flat symbol unless a guard (<c>daily_loss</c>, <c>max_positions</c>, <c>cooldown</c>) blocks it;
/// <see cref="RunAsync"/> runs as many steps as it takes to open <see cref="SimulationOptions.Rate"/> positions a second. Latency (log-normal,
/// with a heavy tail and slower fills while the exchange is unhealthy) and slippage (biased adverse, with
/// some price improvement) are drawn from the seeded generator and written into the events' timestamps
/// and fill prices; the same seed and symbols give the same events.</para>
/// <para>Thread-safe: steps and summaries are serialized by a lock, and observers run under it.</para>
/// </remarks>
public sealed class SimulatedTrader : ITraderEvents
{
    private const double NotionalPerTrade = 10_000;
    private const double CloseProbability = 0.45;
    private const double BreakevenBand = 0.5;
    private const double OpenMedianMs = 120;
    private const double CloseMedianMs = 90;
    private const double LatencySigma = 0.6;
    private const double LatencyTailProbability = 0.01;
    private const double LatencySpikeMs = 2_500;
    private const double FailureProbability = 0.001;
    private const double RecoveryProbability = 0.02;
    private const double OrphanProbability = 0.002;
    private const double StaleFeedProbability = 0.001;

    // The run loop wakes this often and runs the steps that are due, so high rates need no finer timer.
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(10);

    private static readonly string[] s_components =
        [BotLabelValues.ExchangeComponent, BotLabelValues.DatabaseComponent, BotLabelValues.RiskEngineComponent];

    private static readonly string[] s_orphanTypes =
        [BotLabelValues.ExchangePositionOrphan, BotLabelValues.ExchangeOrderOrphan, BotLabelValues.LocalPositionOrphan];

    private readonly Lock _lock = new();
    private readonly TraderEventHub _events = new();
    private readonly SimulationRandom _random;
    private readonly RandomWalkMarket _market;
    private readonly RiskGuards _guards;
    private readonly Position[] _positions;
    private readonly bool[] _healthy;
    private readonly string[] _symbols;
    private long _step;
    private int _openCount;
    private long _opened;
    private long _closed;
    private long _wins;
    private long _losses;
    private long _breakevens;
    private long _blocks;
    private long _orphans;
    private long _anomalies;
    private long _orderSequence;
    private double _realizedPnl;
    private double _unrealizedPnl;

    /// <summary>Creates a trader with the given options; nothing happens until <see cref="Step"/> or <see cref="RunAsync"/>.</summary>
    /// <param name="options">The symbols, seed and rate.</param>
    public SimulatedTrader(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(options.Symbols.Count);
        Options = options;
        _symbols = [.. options.Symbols];
        _random = new SimulationRandom(options.Seed);
        _market = new RandomWalkMarket(_symbols, _random);
        _guards = new RiskGuards(_symbols.Length);
        _positions = new Position[_symbols.Length];
        _healthy = [true, true, true];
    }

    /// <summary>Gets the anomaly types the simulation raises.</summary>
    public static IReadOnlyList<string> AnomalyTypes { get; } = ["price_spike", "stale_feed", "latency_spike"];

    /// <summary>Gets the options the trader runs with.</summary>
    public SimulationOptions Options { get; }

    /// <summary>Gets the label values the simulation uses, for <see cref="PrometheusExporter.InitializeSeries"/>.</summary>
    public KnownLabelValues KnownLabels => new()
    {
        Symbols = _symbols,
        Guards = [BotLabelValues.DailyLossGuard, BotLabelValues.MaxPositionsGuard, BotLabelValues.CooldownGuard],
        OrphanTypes = s_orphanTypes,
        AnomalyTypes = AnomalyTypes,
    };

    /// <summary>Gets the number of steps run so far.</summary>
    public long Steps
    {
        get
        {
            lock (_lock)
            {
                return _step;
            }
        }
    }

    /// <summary>Gets the number of exceptions observers threw and the trader's event hub contained.</summary>
    public long ObserverFaults => _events.ObserverFaults;

    /// <inheritdoc />
    public IDisposable Subscribe(ITraderObserver observer) => _events.Subscribe(observer);

    /// <summary>Runs one simulation step: market move, random incidents, and one trade attempt.</summary>
    /// <remarks>The first step also reports every component healthy, so health series exist from the start.</remarks>
    public void Step()
    {
        lock (_lock)
        {
            if (_step == 0)
            {
                foreach (string component in s_components)
                {
                    _events.Publish(new ComponentHealthChanged(component, Healthy: true));
                }
            }

            _step++;
            _guards.OnStep(_step);
            int jumped = _market.Advance();
            if (jumped >= 0)
            {
                RaiseAnomaly("price_spike", jumped);
            }

            ChangeHealth();
            if (_random.Chance(OrphanProbability))
            {
                _orphans++;
                _events.Publish(new ReconciliationOrphanFound(s_orphanTypes[_random.NextInt(s_orphanTypes.Length)], _symbols[_random.NextInt(_symbols.Length)]));
            }

            if (_random.Chance(StaleFeedProbability))
            {
                RaiseAnomaly("stale_feed", _random.NextInt(_symbols.Length));
            }

            // Exactly one trade attempt per step: close an open position, or try to open a flat symbol.
            if (_openCount > 0 && (_openCount == _symbols.Length || _random.Chance(CloseProbability)))
            {
                Close(Pick(open: true));
            }
            else
            {
                TryOpen(Pick(open: false));
            }

            _unrealizedPnl = Unrealized();
            _events.Publish(new PositionsChanged(_openCount, _unrealizedPnl));
        }
    }

    /// <summary>Gets the number of positions opened so far.</summary>
    public long Opened
    {
        get
        {
            lock (_lock)
            {
                return _opened;
            }
        }
    }

    /// <summary>Runs steps until <see cref="Opened"/> reaches <paramref name="opened"/>, or <paramref name="maxSteps"/> steps have run.</summary>
    /// <param name="opened">The number of opened positions to reach.</param>
    /// <param name="maxSteps">The most steps to run, so a guard that blocks every open (the daily loss limit) cannot spin the caller.</param>
    /// <returns>The number of steps run.</returns>
    public int StepUntilOpened(long opened, int maxSteps)
    {
        int steps = 0;
        while (steps < maxSteps && Opened < opened)
        {
            Step();
            steps++;
        }

        return steps;
    }

    /// <summary>Opens <see cref="SimulationOptions.Rate"/> positions per second, with the closes and guard blocks in between, until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops the run; cancellation completes the task normally rather than faulting it.</param>
    /// <returns>A task that completes once the run has stopped.</returns>
    /// <remarks>
    /// The rate counts opened positions, as <c>--rate</c> says: each step makes one trade attempt (an open, a
    /// close, or an open a guard blocks), so steps run until the opens due by now have happened. A stalled
    /// process catches up at most one second of opens instead of bursting through the backlog.
    /// </remarks>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        long openedAtStart = Opened;
        long skipped = 0;
        long maxBurst = Math.Max(1, (long)Options.Rate);

        // Opens are about a third of the steps when positions are being closed too, and guards block some;
        // the bound keeps a tick finite while every open is blocked (then the opens simply fall behind).
        int maxStepsPerTick = (int)Math.Min(int.MaxValue, Math.Max(64, maxBurst * 16));
        using var timer = new PeriodicTimer(s_tick);
        try
        {
            do
            {
                long due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * Options.Rate) + 1;
                long behind = due - skipped - (Opened - openedAtStart);
                if (behind > maxBurst)
                {
                    skipped += behind - maxBurst;
                }

                long target = openedAtStart + due - skipped;
                int steps = 0;
                while (steps < maxStepsPerTick && !cancellationToken.IsCancellationRequested && Opened < target)
                {
                    steps += StepUntilOpened(target, Math.Min(64, maxStepsPerTick - steps));
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of a run.
        }
    }

    /// <summary>Returns a one-line summary of the run so far, for the runner's console.</summary>
    /// <returns>Counts of steps, trades by result, open positions, PnL, guard blocks, orphans, anomalies and unhealthy components.</returns>
    public string GetSummaryLine()
    {
        lock (_lock)
        {
            var unhealthy = new StringBuilder();
            for (int i = 0; i < s_components.Length; i++)
            {
                if (!_healthy[i])
                {
                    unhealthy.Append(unhealthy.Length == 0 ? string.Empty : ",").Append(s_components[i]);
                }
            }

            return string.Create(
                CultureInfo.InvariantCulture,
                $"steps={_step} opened={_opened} closed={_closed} (win {_wins}, loss {_losses}, even {_breakevens}) open={_openCount} upnl={_unrealizedPnl:+0.00;-0.00;0.00} rpnl={_realizedPnl:+0.00;-0.00;0.00} blocks={_blocks} orphans={_orphans} anomalies={_anomalies} unhealthy={(unhealthy.Length == 0 ? "none" : unhealthy.ToString())}");
        }
    }

    private void TryOpen(int symbol)
    {
        string? guard = _guards.Check(symbol, _openCount, _step);
        if (guard is not null)
        {
            _blocks++;
            _events.Publish(new GuardBlocked(guard, _symbols[symbol]));
            return;
        }

        PositionSide side = _random.Chance(0.5) ? PositionSide.Long : PositionSide.Short;
        OrderSide orderSide = Slippage.EntrySide(side);
        double expected = _market.Mid(symbol);
        double quantity = NotionalPerTrade / expected;
        long sent = Stopwatch.GetTimestamp();
        _events.Publish(new OrderSent(_symbols[symbol], orderSide, OrderIntent.Open, quantity, expected, sent));

        double latencyMs = DrawLatency(OpenMedianMs);
        double fill = Fill(orderSide, expected, DrawSlippageBps());
        _positions[symbol] = new Position(side, quantity, fill);
        _openCount++;
        _opened++;
        _events.Publish(new PositionOpened(_symbols[symbol], side, quantity, expected, fill, sent, sent + ToTicks(latencyMs)) { OrderId = NextOrderId() });
        if (latencyMs > LatencySpikeMs)
        {
            RaiseAnomaly("latency_spike", symbol);
        }
    }

    // The simulated exchange's order id, recorded as the latency and trade-count exemplar.
    private string NextOrderId() => string.Create(CultureInfo.InvariantCulture, $"SIM-{++_orderSequence}");

    private void Close(int symbol)
    {
        Position position = _positions[symbol];
        OrderSide orderSide = Slippage.ExitSide(position.Side);
        double expected = _market.Mid(symbol);
        long sent = Stopwatch.GetTimestamp();
        _events.Publish(new OrderSent(_symbols[symbol], orderSide, OrderIntent.Close, position.Quantity, expected, sent));

        double latencyMs = DrawLatency(CloseMedianMs);
        double fill = Fill(orderSide, expected, DrawSlippageBps());
        double pnl = (fill - position.EntryPrice) * position.Quantity * (position.Side == PositionSide.Long ? 1 : -1);
        TradeResult result = pnl > BreakevenBand ? TradeResult.Win : pnl < -BreakevenBand ? TradeResult.Loss : TradeResult.Breakeven;
        switch (result)
        {
            case TradeResult.Win:
                _wins++;
                break;
            case TradeResult.Loss:
                _losses++;
                break;
            default:
                _breakevens++;
                break;
        }

        _positions[symbol] = default;
        _openCount--;
        _closed++;
        _realizedPnl += pnl;
        _guards.OnClosed(symbol, _step, pnl);
        _events.Publish(new PositionClosed(_symbols[symbol], position.Side, position.Quantity, expected, fill, result, pnl, sent, sent + ToTicks(latencyMs)) { OrderId = NextOrderId() });
        if (latencyMs > LatencySpikeMs)
        {
            RaiseAnomaly("latency_spike", symbol);
        }
    }

    private int Pick(bool open)
    {
        // The k-th symbol whose position is (or is not) open, k uniform: every candidate equally likely.
        int candidates = open ? _openCount : _symbols.Length - _openCount;
        int k = _random.NextInt(candidates);
        for (int i = 0; i < _positions.Length; i++)
        {
            if (_positions[i].IsOpen == open && k-- == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("The open-position count disagrees with the positions.");
    }

    private void ChangeHealth()
    {
        for (int i = 0; i < s_components.Length; i++)
        {
            bool flip = _random.Chance(_healthy[i] ? FailureProbability : RecoveryProbability);
            if (flip)
            {
                _healthy[i] = !_healthy[i];
                _events.Publish(new ComponentHealthChanged(s_components[i], _healthy[i]));
            }
        }
    }

    private void RaiseAnomaly(string type, int symbol)
    {
        _anomalies++;
        _events.Publish(new AnomalyTriggered(type, _symbols[symbol]));
    }

    private double DrawLatency(double medianMs)
    {
        double ms = medianMs * Math.Exp(LatencySigma * _random.NextGaussian());
        if (_random.Chance(LatencyTailProbability))
        {
            ms *= 8;
        }

        // An unhealthy exchange connection answers slowly.
        return _healthy[0] ? ms : ms * 4;
    }

    private double DrawSlippageBps()
    {
        // Mostly a small adverse cost with some price improvement; now and then a thin book costs much more.
        double bps = 0.5 + (2.5 * _random.NextGaussian());
        if (_random.Chance(0.01))
        {
            bps += 40 * Math.Abs(_random.NextGaussian());
        }

        return _healthy[0] ? bps : bps + 5;
    }

    private double Unrealized()
    {
        double total = 0;
        for (int i = 0; i < _positions.Length; i++)
        {
            Position position = _positions[i];
            if (position.IsOpen)
            {
                total += (_market.Mid(i) - position.EntryPrice) * position.Quantity * (position.Side == PositionSide.Long ? 1 : -1);
            }
        }

        return total;
    }

    private static double Fill(OrderSide side, double expected, double adverseBps) =>
        side == OrderSide.Buy ? expected * (1 + (adverseBps / 10_000)) : expected * (1 - (adverseBps / 10_000));

    private static long ToTicks(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000.0);

    private readonly record struct Position(PositionSide Side, double Quantity, double EntryPrice)
    {
        public bool IsOpen => Quantity > 0;
    }
}
