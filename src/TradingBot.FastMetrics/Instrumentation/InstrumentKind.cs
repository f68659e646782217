namespace TradingBot.FastMetrics.Instrumentation;

/// <summary>The System.Diagnostics.Metrics instrument kinds the bridge exports, and how each maps.</summary>
internal enum InstrumentKind
{
    /// <summary><c>Counter&lt;T&gt;</c>: a Prometheus counter, each measurement added.</summary>
    Counter,

    /// <summary><c>UpDownCounter&lt;T&gt;</c>: a gauge, each measurement added.</summary>
    UpDownCounter,

    /// <summary><c>Gauge&lt;T&gt;</c>: a gauge, each measurement set.</summary>
    Gauge,

    /// <summary><c>Histogram&lt;T&gt;</c>: a histogram with advised or default buckets.</summary>
    Histogram,

    /// <summary><c>ObservableCounter&lt;T&gt;</c>: a counter whose observed total is read at scrape time.</summary>
    ObservableCounter,

    /// <summary><c>ObservableUpDownCounter&lt;T&gt;</c>: a gauge set to the observed value at scrape time.</summary>
    ObservableUpDownCounter,

    /// <summary><c>ObservableGauge&lt;T&gt;</c>: a gauge set to the observed value at scrape time.</summary>
    ObservableGauge,
}
