using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TradingBot.FastMetrics.Tests.Server;

/// <summary>A real Prometheus scraping the server, and promtool checking both formats.</summary>
public sealed class MetricsServerPrometheusTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly ITestOutputHelper _output;

    public MetricsServerPrometheusTests(ITestOutputHelper output) => _output = output;

    [PrometheusFact]
    public async Task Prometheus_ScrapesEverySecond_TargetUpWithGzipAndExpectedSeries()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        using PrometheusProcess prometheus = PrometheusProcess.Start(host.Port);

        await prometheus.WaitForTargetUpAsync(s_wait, "the target to be up");
        await prometheus.WaitUntilAsync(async () => (await prometheus.QueryAsync("test_latency_seconds_bucket")).GetArrayLength() == 5, s_wait, "histogram buckets");

        Assert.Equal(5, await ScalarAsync(prometheus, "test_orders_total{side=\"buy\"}"));
        Assert.Equal(2, await ScalarAsync(prometheus, "test_orders_total{side=\"sell\"}"));
        Assert.Equal(3, await ScalarAsync(prometheus, "test_open_positions"));
        Assert.Equal(7, await ScalarAsync(prometheus, "test_queue_depth"));
        Assert.Equal(1, await ScalarAsync(prometheus, "test_build_info{version=\"1.2.3\"}"));
        Assert.Equal(4, await ScalarAsync(prometheus, "test_latency_seconds_count"));
        Assert.Equal(6.05, await ScalarAsync(prometheus, "test_latency_seconds_sum"), 9);
        Assert.Equal(1, await ScalarAsync(prometheus, "up{job=\"fastmetrics\"}"));

        // OpenMetrics writes le in canonical float form ("1.0"), and Prometheus stores it verbatim.
        var buckets = new Dictionary<string, double>();
        foreach (JsonElement series in (await prometheus.QueryAsync("test_latency_seconds_bucket")).EnumerateArray())
        {
            buckets[series.GetProperty("metric").GetProperty("le").GetString()!] = Value(series);
        }

        Assert.Equal(new Dictionary<string, double> { ["0.1"] = 1, ["0.5"] = 2, ["1.0"] = 3, ["2.5"] = 3, ["+Inf"] = 4 }, buckets);

        // Prometheus always sends Accept-Encoding: gzip and prefers OpenMetrics: every scrape it made used both.
        long scrapes = host.Server.ScrapeCount;
        _output.WriteLine($"scrapes={scrapes} gzip={host.Server.GzipScrapeCount} openmetrics={host.Server.OpenMetricsScrapeCount}");
        Assert.True(scrapes > 0);
        Assert.Equal(scrapes, host.Server.GzipScrapeCount);
        Assert.Equal(scrapes, host.Server.OpenMetricsScrapeCount);
    }

    [PrometheusFact]
    public async Task Prometheus_ScrapesOverTlsWithBearerToken_TargetUp()
    {
        using var certificate = new SelfSignedCertificateFile();
        await using MetricsServerHarness host = MetricsServerHarness.Start(o =>
        {
            o.CertificatePath = certificate.Path;
            o.CertificatePassword = certificate.Password;
            o.BearerToken = "prom-token";
        });
        using PrometheusProcess prometheus = PrometheusProcess.Start(host.Port, https: true, bearerToken: "prom-token");

        await prometheus.WaitForTargetUpAsync(s_wait, "the https target to be up");
        await prometheus.WaitUntilAsync(async () => (await prometheus.QueryAsync("test_orders_total")).GetArrayLength() == 2, s_wait, "series over https");

        Assert.Equal(5, await ScalarAsync(prometheus, "test_orders_total{side=\"buy\"}"));
        Assert.Equal(host.Server.ScrapeCount, host.Server.GzipScrapeCount);
    }

    [PrometheusFact]
    public async Task Promtool_CheckMetricsOnTextFormat_ReportsNoErrors()
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start();
        using RawHttpClient client = await host.ConnectAsync();
        await client.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        string scrape = (await client.ReadResponseAsync()).BodyText;

        (int exitCode, string output) = await PromtoolProcess.CheckMetricsAsync(scrape);

        _output.WriteLine($"promtool exit {exitCode}; lint output:\n{output}");
        Assert.True(exitCode is PromtoolProcess.ExitClean or PromtoolProcess.ExitLintOnly, output);
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
    }

    [PrometheusFact]
    public async Task Promtool_CheckMetricsOnOpenMetrics_ReportsNoErrors()
    {
        // promtool 2.42's "check metrics" parses with the 0.0.4 text parser, which has no "info" type and
        // rejects the \" escape that OpenMetrics requires in HELP. So this registry has neither; the
        // real-Prometheus test above ingests both through Prometheus's OpenMetrics parser instead.
        await using MetricsServerHarness host = MetricsServerHarness.Start(promtoolCompatible: true);
        using RawHttpClient client = await host.ConnectAsync();
        await client.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: application/openmetrics-text\r\n\r\n");
        RawHttpResponse response = await client.ReadResponseAsync();
        Assert.StartsWith("application/openmetrics-text", response.Header("Content-Type"), StringComparison.Ordinal);

        (int exitCode, string output) = await PromtoolProcess.CheckMetricsAsync(response.BodyText);

        _output.WriteLine($"promtool exit {exitCode}; lint output:\n{output}");
        Assert.True(exitCode is PromtoolProcess.ExitClean or PromtoolProcess.ExitLintOnly, output);
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<double> ScalarAsync(PrometheusProcess prometheus, string promql)
    {
        JsonElement result = await prometheus.QueryAsync(promql);
        Assert.True(result.GetArrayLength() == 1, $"{promql} returned {result}");
        return Value(result[0]);
    }

    private static double Value(JsonElement series) =>
        double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
}
