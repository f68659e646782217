using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TradingBot.FastMetrics.Health;

namespace TradingBot.FastMetrics.AspNetCore;

/// <summary>Maps the metrics and health endpoints onto an ASP.NET Core app, so a service that hosts Kestrel needs no second port.</summary>
public static class FastMetricsEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>GET</c> <paramref name="pattern"/> to a scrape of <see cref="FastMetricsEndpointOptions.Source"/>.</summary>
    /// <param name="endpoints">The app or route group.</param>
    /// <param name="pattern">The route, <c>/metrics</c> by default.</param>
    /// <param name="configure">Adjusts the options (source, gzip, authentication); null for the defaults.</param>
    /// <returns>A builder to add conventions (authorization policies, host filters) to the endpoint.</returns>
    /// <example><code>app.MapFastMetrics("/metrics");</code></example>
    public static IEndpointConventionBuilder MapFastMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics", Action<FastMetricsEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var options = new FastMetricsEndpointOptions();
        configure?.Invoke(options);
        var endpoint = new MetricsEndpoint(options);
        return endpoints.MapGet(pattern, endpoint.InvokeAsync).WithDisplayName("FastMetrics scrape");
    }

    /// <summary>Maps <c>GET</c> <paramref name="pattern"/> to the health document of <paramref name="health"/>: 200 when healthy, else 503.</summary>
    /// <param name="endpoints">The app or route group.</param>
    /// <param name="pattern">The route, <c>/health</c> by default.</param>
    /// <param name="health">The health source (a <see cref="HealthRegistry"/>); <see cref="HealthRegistry.Default"/> when null.</param>
    /// <returns>A builder to add conventions to the endpoint.</returns>
    public static IEndpointConventionBuilder MapFastMetricsHealth(this IEndpointRouteBuilder endpoints, string pattern = "/health", IHealthSource? health = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var endpoint = new HealthEndpoint(health ?? HealthRegistry.Default);
        return endpoints.MapGet(pattern, endpoint.InvokeAsync).WithDisplayName("FastMetrics health");
    }
}
