using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Exemplars;
using TradingBot.FastMetrics.Trading.Catalogue;

namespace TradingBot.FastMetrics.Trading.Exporter;

/// <summary>Records the bot's metrics by name of the event: the one call site trading code needs.</summary>
/// <remarks>
/// <para>Thread-safe. Every method allocates nothing once its label values have been seen, takes no lock,
/// and never throws: a null or empty label value, a NaN or infinite value, a negative latency or count is
/// dropped and counted in <c>fastmetrics_dropped_total{metric,reason}</c> (see <see cref="DropReasons"/>).</para>
/// <para>Slippage is signed and recorded as given: price improvement is a negative value and lands in the
/// lowest bucket, and it lowers <c>_sum</c>.</para>
/// </remarks>
public sealed class PrometheusExporter
{
    private static readonly double s_millisecondsPerTick = 1000.0 / Stopwatch.Frequency;
    private static readonly Lock s_instanceLock = new();
    private static PrometheusExporter? s_instance;

    private readonly BotMetrics _metrics;
    private readonly HealthRegistry _health;
    private readonly MetricFamily<Counter> _dropped;

    // Label look-ups by content at a fixed cost: no full-string hash per call, any string instance.
    private readonly LabelSeriesCache<Counter> _guardBlocks;
    private readonly LabelSeriesCache<Counter> _orphans;
    private readonly LabelSeriesCache<Counter> _anomalies;
    private readonly LabelSeriesCache<Gauge> _healthStatus;
    private readonly LabelSeriesCache<Counter> _tradesOpened;
    private readonly LabelSeriesCache<Counter> _tradesClosed;

    /// <summary>Creates an exporter over <paramref name="registry"/> and <paramref name="health"/>, registering the catalogue.</summary>
    /// <param name="registry">The registry the catalogue is registered in.</param>
    /// <param name="health">The health registry <see cref="SetHealthStatus"/> also reports to (what <c>/health</c> serves).</param>
    public PrometheusExporter(MetricRegistry registry, HealthRegistry health)
        : this(new BotMetrics(registry), health)
    {
    }

    /// <summary>Creates an exporter over an already registered catalogue.</summary>
    /// <param name="metrics">The catalogue to record into.</param>
    /// <param name="health">The health registry <see cref="SetHealthStatus"/> also reports to.</param>
    public PrometheusExporter(BotMetrics metrics, HealthRegistry health)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(health);
        _metrics = metrics;
        _health = health;
        _dropped = metrics.Registry.DroppedFamily;
        _guardBlocks = new(metrics.GuardBlocks);
        _orphans = new(metrics.ReconciliationOrphans);
        _anomalies = new(metrics.AnomalyTriggers);
        _healthStatus = new(metrics.HealthStatus);
        _tradesOpened = new(metrics.TradesOpened);
        _tradesClosed = new(metrics.TradesClosed);
    }

    /// <summary>Gets or sets a test hook run after <see cref="SetHealthStatus"/> has read the registry and before it writes the gauge, where a concurrent report can interleave.</summary>
    internal Action? BeforeHealthGaugeWrite { get; set; }

    /// <summary>Gets the process-wide exporter over <see cref="MetricRegistry.Default"/> and <see cref="HealthRegistry.Default"/>.</summary>
    /// <remarks>Created on first use, which registers the catalogue (<see cref="BotMetricNames"/>) on <see cref="MetricRegistry.Default"/>.</remarks>
    /// <exception cref="InvalidOperationException">A family of the catalogue's name is already registered on <see cref="MetricRegistry.Default"/>
    /// with a different type, label set, help text or buckets. The message names the family and the difference; nothing is cached,
    /// so the property is not broken for later callers.</exception>
    public static PrometheusExporter Instance => Volatile.Read(ref s_instance) ?? CreateInstance();

    /// <summary>Gets the catalogue this exporter records into.</summary>
    public BotMetrics Metrics => _metrics;

    /// <summary>Gets the health registry component health is also reported to.</summary>
    public HealthRegistry Health => _health;

    /// <summary>Records how long an opening order took to fill.</summary>
    /// <param name="milliseconds">The latency in milliseconds; NaN, negative or infinite is dropped and counted.</param>
    public void RecordOpenLatency(double milliseconds) => RecordLatency(_metrics.OpenLatency, BotMetricNames.OpenLatency, milliseconds);

    /// <summary>Records how long an opening order took to fill, from two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    /// <param name="sentTimestamp">When the order was sent.</param>
    /// <param name="filledTimestamp">When its fill arrived; before <paramref name="sentTimestamp"/> is dropped, as is a zero timestamp.</param>
    public void RecordOpenLatency(long sentTimestamp, long filledTimestamp) =>
        RecordLatency(_metrics.OpenLatency, BotMetricNames.OpenLatency, sentTimestamp, filledTimestamp);

    /// <summary>Records how long a closing order took to fill.</summary>
    /// <param name="milliseconds">The latency in milliseconds; NaN, negative or infinite is dropped and counted.</param>
    public void RecordCloseLatency(double milliseconds) => RecordLatency(_metrics.CloseLatency, BotMetricNames.CloseLatency, milliseconds);

    /// <summary>Records how long a closing order took to fill, from two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    /// <param name="sentTimestamp">When the order was sent.</param>
    /// <param name="filledTimestamp">When its fill arrived; before <paramref name="sentTimestamp"/> is dropped, as is a zero timestamp.</param>
    public void RecordCloseLatency(long sentTimestamp, long filledTimestamp) =>
        RecordLatency(_metrics.CloseLatency, BotMetricNames.CloseLatency, sentTimestamp, filledTimestamp);

    /// <summary>Records the slippage of an entry fill.</summary>
    /// <param name="bps">Signed basis points: positive is adverse for the side, negative is price improvement; NaN or infinite is dropped.</param>
    public void RecordEntrySlippage(double bps) => RecordSlippage(_metrics.EntrySlippage, BotMetricNames.EntrySlippage, bps);

    /// <summary>Records the slippage of an exit fill.</summary>
    /// <param name="bps">Signed basis points: positive is adverse for the side, negative is price improvement; NaN or infinite is dropped.</param>
    public void RecordExitSlippage(double bps) => RecordSlippage(_metrics.ExitSlippage, BotMetricNames.ExitSlippage, bps);

    /// <summary>Counts a trade a risk guard refused.</summary>
    /// <param name="guard">The guard, such as <c>daily_loss</c>; null or empty is dropped and counted.</param>
    public void RecordGuardBlock(string guard)
    {
        if (string.IsNullOrEmpty(guard))
        {
            DropLabel(BotMetricNames.GuardBlocks, guard);
            return;
        }

        _guardBlocks.Get(guard).Inc();
    }

    /// <summary>Sets the number of open positions.</summary>
    /// <param name="count">The count; a negative count is dropped and counted.</param>
    public void UpdatePositionsCount(int count)
    {
        if (count < 0)
        {
            RecordDropped(BotMetricNames.PositionsOpen, DropReasons.Negative);
            return;
        }

        _metrics.PositionsOpen.Set(count);
    }

    /// <summary>Sets the unrealized profit (positive) or loss (negative) of the open positions.</summary>
    /// <param name="value">The amount in the account currency; NaN or infinite is dropped and counted.</param>
    public void UpdateUnrealizedPnl(double value)
    {
        if (!double.IsFinite(value))
        {
            RecordDropped(BotMetricNames.UnrealizedPnl, NotFiniteReason(value));
            return;
        }

        _metrics.UnrealizedPnl.Set(value);
    }

    /// <summary>Counts an orphan found by reconciliation with the exchange.</summary>
    /// <param name="type">The orphan type, such as <c>exchange_position</c>; null or empty is dropped and counted.</param>
    public void RecordReconciliationOrphan(string type)
    {
        if (string.IsNullOrEmpty(type))
        {
            DropLabel(BotMetricNames.ReconciliationOrphans, type);
            return;
        }

        _orphans.Get(type).Inc();
    }

    /// <summary>Counts an anomaly detector firing.</summary>
    /// <param name="type">The anomaly type, such as <c>price_spike</c>; null or empty is dropped and counted.</param>
    public void RecordAnomalyTrigger(string type)
    {
        if (string.IsNullOrEmpty(type))
        {
            DropLabel(BotMetricNames.AnomalyTriggers, type);
            return;
        }

        _anomalies.Get(type).Inc();
    }

    /// <summary>Reports a component's health to <c>bot_health_status_gauge</c> and to the health registry behind <c>/health</c>.</summary>
    /// <param name="component">The component, such as <c>exchange</c>; null or empty is dropped and counted.</param>
    /// <param name="healthy">Whether it is healthy.</param>
    /// <remarks>Concurrent calls for one component leave the gauge and <c>/health</c> agreeing on the last report.</remarks>
    public void SetHealthStatus(string component, bool healthy)
    {
        if (string.IsNullOrEmpty(component))
        {
            DropLabel(BotMetricNames.HealthStatus, component);
            return;
        }

        Gauge gauge = _healthStatus.Get(component);
        _health.Set(component, healthy);

        // Two stores cannot be one atomic step without a lock, so the registry is the truth and the gauge
        // follows it: copy the registry's value, then re-read; a changed value means another report came
        // in between, so copy again. Whichever call writes the gauge last re-read the registry after every
        // earlier report, so once reports stop both show the same value.
        while (_health.TryGet(component, out bool current))
        {
            BeforeHealthGaugeWrite?.Invoke();
            gauge.Set(current ? 1 : 0);
            Interlocked.MemoryBarrier();
            if (!_health.TryGet(component, out bool after) || after == current)
            {
                break;
            }
        }
    }

    /// <summary>Counts a position opened.</summary>
    /// <param name="symbol">The symbol; null or empty is dropped and counted.</param>
    public void RecordTradeOpened(string symbol) => RecordTradeOpened(symbol, null);

    /// <summary>Counts a position opened, with the order's id as the exemplar when there is one.</summary>
    internal void RecordTradeOpened(string symbol, string? orderId)
    {
        if (string.IsNullOrEmpty(symbol))
        {
            DropLabel(BotMetricNames.TradesOpened, symbol);
            return;
        }

        Inc(_tradesOpened.Get(symbol), orderId);
    }

    /// <summary>Counts a position closed.</summary>
    /// <param name="symbol">The symbol; null or empty is dropped and counted.</param>
    /// <param name="result">How it ended, by convention <c>win</c>, <c>loss</c> or <c>breakeven</c>; null or empty is dropped and counted.</param>
    public void RecordTradeClosed(string symbol, string result) => RecordTradeClosed(symbol, result, null);

    /// <summary>Counts a position closed, with the order's id as the exemplar when there is one.</summary>
    internal void RecordTradeClosed(string symbol, string result, string? orderId)
    {
        if (string.IsNullOrEmpty(symbol) || string.IsNullOrEmpty(result))
        {
            DropLabel(BotMetricNames.TradesClosed, string.IsNullOrEmpty(symbol) ? symbol : result);
            return;
        }

        Inc(_tradesClosed.Get(symbol, result), orderId);
    }

    private static void Inc(Counter counter, string? orderId)
    {
        if (orderId is null)
        {
            counter.Inc();
        }
        else
        {
            counter.Inc(BotMetrics.OrderIdExemplar, orderId);
        }
    }

    /// <summary>Creates the counter series of label values known in advance, at zero, so the first event of each shows as an increase.</summary>
    /// <param name="labels">The known label values; null and empty values are skipped.</param>
    /// <remarks>Cold path: it may allocate and take the families' locks. Health series are not created, since 0 would read as unhealthy.</remarks>
    public void InitializeSeries(KnownLabelValues labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (string symbol in labels.Symbols)
        {
            if (string.IsNullOrEmpty(symbol))
            {
                continue;
            }

            _metrics.TradesOpened.WithLabels(symbol);
            foreach (string result in labels.Results)
            {
                if (!string.IsNullOrEmpty(result))
                {
                    _metrics.TradesClosed.WithLabels(symbol, result);
                }
            }
        }

        Touch(_metrics.GuardBlocks, labels.Guards);
        Touch(_metrics.ReconciliationOrphans, labels.OrphanTypes);
        Touch(_metrics.AnomalyTriggers, labels.AnomalyTypes);
    }

    /// <summary>Counts one dropped input of <paramref name="metric"/> in <c>fastmetrics_dropped_total</c>.</summary>
    /// <param name="metric">The family whose input was dropped.</param>
    /// <param name="reason">Why, one of <see cref="DropReasons"/>.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void RecordDropped(string metric, string reason) => _dropped.WithLabels(metric, reason).Inc();

    internal void RecordLatency(Histogram histogram, string metric, long sentTimestamp, long filledTimestamp, string? orderId = null)
    {
        if (sentTimestamp == 0 || filledTimestamp == 0)
        {
            RecordDropped(metric, DropReasons.MissingTimestamp);
            return;
        }

        RecordLatency(histogram, metric, (filledTimestamp - sentTimestamp) * s_millisecondsPerTick, orderId);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PrometheusExporter CreateInstance()
    {
        lock (s_instanceLock)
        {
            if (s_instance is { } created)
            {
                return created;
            }

            Volatile.Write(ref s_instance, CreateOver(MetricRegistry.Default, HealthRegistry.Default, nameof(MetricRegistry.Default)));
            return s_instance;
        }
    }

    /// <summary>Registers the catalogue on <paramref name="registry"/>, turning a name conflict into an error that says what to do.</summary>
    /// <param name="registry">The registry, <see cref="MetricRegistry.Default"/> for <see cref="Instance"/>.</param>
    /// <param name="health">The health registry.</param>
    /// <param name="registryName">How the message names the registry.</param>
    /// <returns>The exporter.</returns>
    internal static PrometheusExporter CreateOver(MetricRegistry registry, HealthRegistry health, string registryName)
    {
        BotMetrics metrics;
        try
        {
            metrics = new BotMetrics(registry);
        }
        catch (InvalidOperationException ex)
        {
            // Thrown from a property, not a type initializer: every caller gets this error and nothing is cached.
            throw new InvalidOperationException(
                $"PrometheusExporter.Instance registers the trading bot's metric catalogue on MetricRegistry.{registryName}, but a metric of the same name is already registered there differently. {ex.Message} "
                + "Give your own metrics names outside the catalogue (see BotMetricNames), or create the exporter over your own registry: new PrometheusExporter(registry, health).",
                ex);
        }

        return new PrometheusExporter(metrics, health);
    }

    private static string NotFiniteReason(double value) => double.IsNaN(value) ? DropReasons.NaN : DropReasons.Infinite;

    private static void Touch(MetricFamily<Counter> family, IReadOnlyList<string> values)
    {
        foreach (string value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                family.WithLabels(value);
            }
        }
    }

    private void RecordLatency(Histogram histogram, string metric, double milliseconds, string? orderId = null)
    {
        // Both comparisons are false for NaN, so the fast path admits exactly the finite, non-negative latencies.
        if (milliseconds >= 0 && milliseconds < double.PositiveInfinity)
        {
            if (orderId is null)
            {
                histogram.Observe(milliseconds);
            }
            else
            {
                histogram.Observe(milliseconds, BotMetrics.OrderIdExemplar, orderId);
            }

            return;
        }

        RecordDropped(metric, milliseconds < 0 ? DropReasons.Negative : NotFiniteReason(milliseconds));
    }

    private void RecordSlippage(Histogram histogram, string metric, double bps)
    {
        if (double.IsFinite(bps))
        {
            histogram.Observe(bps);
            return;
        }

        RecordDropped(metric, NotFiniteReason(bps));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DropLabel(string metric, string? value) =>
        RecordDropped(metric, value is null ? DropReasons.NullLabel : DropReasons.EmptyLabel);
}
