using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradingBot.FastMetrics.AspNetCore;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.AspNetCore;

public sealed class MapFastMetricsTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(MetricRegistry registry, HealthRegistry health, Action<FastMetricsEndpointOptions>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.MapFastMetrics("/metrics", options =>
        {
            options.Source = new RegistryExposition(registry);
            configure?.Invoke(options);
        });
        app.MapFastMetricsHealth("/health", health);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(address), Timeout = s_wait };
        return (app, client);
    }

    private static MetricRegistry SampleRegistry()
    {
        var registry = new MetricRegistry();
        registry.CreateCounterFamily("orders_total", "Orders sent.", ["symbol"]).WithLabels("BTCUSDT").Inc(3);
        registry.CreateGauge("pnl", "PnL.").Set(-1.5);
        return registry;
    }

    [Fact]
    public async Task Metrics_NegotiatesTextOpenMetricsAndGzip_LikeTheRawServer()
    {
        MetricRegistry registry = SampleRegistry();
        string expectedText = new RegistryExposition(registry).WriteToString(ExpositionFormat.PrometheusText);
        string expectedOpenMetrics = new RegistryExposition(registry).WriteToString(ExpositionFormat.OpenMetrics);
        (WebApplication app, HttpClient client) = await StartAsync(registry, new HealthRegistry());
        await using (app)
        using (client)
        {
            using HttpResponseMessage text = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, text.StatusCode);
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", text.Content.Headers.ContentType!.ToString());
            Assert.Equal(expectedText, await text.Content.ReadAsStringAsync());

            using var omRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            omRequest.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0;q=0.9, text/plain;version=0.0.4;q=0.5");
            using HttpResponseMessage om = await client.SendAsync(omRequest);
            Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", om.Content.Headers.ContentType!.ToString());
            Assert.Equal(expectedOpenMetrics, await om.Content.ReadAsStringAsync());

            using var gzRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            gzRequest.Headers.AcceptEncoding.ParseAdd("gzip");
            using HttpResponseMessage gz = await client.SendAsync(gzRequest);
            Assert.Equal("gzip", Assert.Single(gz.Content.Headers.ContentEncoding));
            await using var gunzip = new GZipStream(await gz.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
            using var reader = new StreamReader(gunzip, Encoding.UTF8);
            Assert.Equal(expectedText, await reader.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task Metrics_BearerToken_401WithChallengeWithout_200With()
    {
        (WebApplication app, HttpClient client) = await StartAsync(SampleRegistry(), new HealthRegistry(), o => o.BearerToken = "s3cret");
        await using (app)
        using (client)
        {
            using HttpResponseMessage denied = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
            Assert.Equal("Bearer realm=\"metrics\"", denied.Headers.WwwAuthenticate.ToString());

            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "nope");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

            using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
            using HttpResponseMessage ok = await client.SendAsync(right);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Contains("orders_total{symbol=\"BTCUSDT\"} 3\n", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Health_200WhenHealthy_503WhenAComponentIsNot()
    {
        var health = new HealthRegistry();
        health.Set("exchange", true);
        (WebApplication app, HttpClient client) = await StartAsync(SampleRegistry(), health);
        await using (app)
        using (client)
        {
            using HttpResponseMessage healthy = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
            Assert.StartsWith("{\"status\":\"healthy\",\"components\":{\"exchange\":\"healthy\"},\"uptime_seconds\":", await healthy.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            health.Set("exchange", false);
            using HttpResponseMessage unhealthy = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        }
    }

    [PrometheusFact]
    public async Task RealPrometheus_ScrapesTheKestrelEndpoint()
    {
        (WebApplication app, HttpClient client) = await StartAsync(SampleRegistry(), new HealthRegistry());
        await using (app)
        using (client)
        {
            using PrometheusProcess prometheus = PrometheusProcess.Start(client.BaseAddress!.Port);
            await prometheus.WaitForTargetUpAsync(s_wait, "the Kestrel target to be up");
            await prometheus.WaitUntilAsync(async () => (await prometheus.QueryAsync("orders_total{symbol=\"BTCUSDT\"}")).GetArrayLength() == 1, s_wait, "orders_total");

            var sample = (await prometheus.QueryAsync("orders_total{symbol=\"BTCUSDT\"}"))[0];
            Assert.Equal("3", sample.GetProperty("value")[1].GetString());
            Assert.Equal("-1.5", (await prometheus.QueryAsync("pnl"))[0].GetProperty("value")[1].GetString());
        }
    }
}
