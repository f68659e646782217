using System.Diagnostics;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Server;

/// <summary>The server's own series, like promhttp's handler metrics, registered in an ordinary <see cref="MetricRegistry"/>.</summary>
/// <remarks>
/// Every series is resolved once here, so recording on the request path is one atomic add with no label
/// lookup. Registering twice in one registry (two servers) returns the same families, so the series add up.
/// </remarks>
internal sealed class HttpServerMetrics
{
    // Every status code the server sends; anything else would fold into "other".
    private static readonly int[] s_codes = [200, 400, 401, 404, 405, 408, 414, 431, 500, 503, 505];

    private readonly Counter[] _requests;
    private readonly Counter _otherRequests;
    private readonly Histogram _renderSeconds;
    private readonly Histogram _renderBytes;
    private readonly Gauge _open;
    private readonly Counter[] _rejections;
    private readonly Counter[] _evictions;
    private readonly Counter _acceptErrors;

    public HttpServerMetrics(MetricRegistry registry)
    {
        MetricFamily<Counter> requests = registry.CreateCounterFamily(
            "fastmetrics_http_requests_total", "HTTP responses sent by the metrics server, by status code.", ["code"]);
        _requests = new Counter[s_codes.Length];
        for (int i = 0; i < s_codes.Length; i++)
        {
            _requests[i] = requests.WithLabels(s_codes[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _otherRequests = requests.WithLabels("other");
        _renderSeconds = registry.CreateHistogram(
            "fastmetrics_http_scrape_render_duration_seconds",
            "Time to render one scrape (shared renders count once), gzip included.",
            [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]);
        _renderBytes = registry.CreateHistogram(
            "fastmetrics_http_scrape_size_bytes",
            "Size of one rendered scrape body, after gzip when negotiated.",
            Buckets.Exponential(1024, 4, 8));
        _open = registry.CreateGauge("fastmetrics_http_open_connections", "Connections the metrics server holds open now.");
        MetricFamily<Counter> rejections = registry.CreateCounterFamily(
            "fastmetrics_http_rejections_total", "Connections or requests the metrics server refused, by reason.", ["reason"]);
        _rejections = new Counter[(int)RejectionReason.Count];
        for (int i = 0; i < _rejections.Length; i++)
        {
            _rejections[i] = rejections.WithLabels(ReasonName((RejectionReason)i));
        }

        MetricFamily<Counter> evictions = registry.CreateCounterFamily(
            "fastmetrics_http_evictions_total", "Connections the metrics server closed on its own, by reason.", ["reason"]);
        _evictions = new Counter[(int)EvictionReason.Count];
        for (int i = 0; i < _evictions.Length; i++)
        {
            _evictions[i] = evictions.WithLabels(ReasonName((EvictionReason)i));
        }

        _acceptErrors = registry.CreateCounter(
            "fastmetrics_http_accept_failures_total", "Exceptions the accept loop caught and survived.");
    }

    public void OnResponse(int statusCode)
    {
        int index = System.Array.IndexOf(s_codes, statusCode);
        (index >= 0 ? _requests[index] : _otherRequests).Inc();
    }

    public void OnRender(long startTimestamp, int bytes)
    {
        _renderSeconds.ObserveDuration(startTimestamp, Stopwatch.GetTimestamp());
        _renderBytes.Observe(bytes);
    }

    public void OnOpened() => _open.Inc();

    public void OnClosed() => _open.Dec();

    public void OnRejected(RejectionReason reason) => _rejections[(int)reason].Inc();

    public void OnEvicted(EvictionReason reason) => _evictions[(int)reason].Inc();

    public void OnAcceptError() => _acceptErrors.Inc();

    private static string ReasonName(RejectionReason reason) => reason switch
    {
        RejectionReason.NoEvictableConnection => "connection_limit",
        RejectionReason.BadRequest => "bad_request",
        RejectionReason.Unauthorized => "unauthorized",
        RejectionReason.NotFound => "not_found",
        RejectionReason.MethodNotAllowed => "method_not_allowed",
        RejectionReason.HeadTooSlow => "head_too_slow",
        _ => "too_large",
    };

    private static string ReasonName(EvictionReason reason) => reason switch
    {
        EvictionReason.ConnectionLimit => "connection_limit",
        EvictionReason.HeaderTimeout => "header_timeout",
        EvictionReason.KeepAliveTimeout => "keepalive_timeout",
        _ => "write_timeout",
    };
}
