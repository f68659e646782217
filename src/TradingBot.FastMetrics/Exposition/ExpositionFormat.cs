namespace TradingBot.FastMetrics.Exposition;

/// <summary>The formats a scrape can be written in.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>).</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0 (<c>application/openmetrics-text; version=1.0.0</c>), ending in <c># EOF</c>.</summary>
    OpenMetrics,

    /// <summary>Length-delimited protobuf <c>io.prometheus.client.MetricFamily</c> messages, with native histograms
    /// (<c>application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited</c>).</summary>
    Protobuf,
}
