using System.Buffers;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using TradingBot.FastMetrics.Health;

namespace TradingBot.FastMetrics.AspNetCore;

/// <summary>The request delegate behind <c>MapFastMetricsHealth</c>: the raw server's health document, 200 or 503.</summary>
internal sealed class HealthEndpoint
{
    private readonly IHealthSource _health;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    public HealthEndpoint(IHealthSource health) => _health = health;

    public async Task InvokeAsync(HttpContext context)
    {
        HttpResponse response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";

        // Health checks are not the scrape path: the writer allocates a little, as on the raw server.
        var body = new ArrayBufferWriter<byte>(256);
        bool healthy = _health.WriteTo(body, Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds);
        response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await response.BodyWriter.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
