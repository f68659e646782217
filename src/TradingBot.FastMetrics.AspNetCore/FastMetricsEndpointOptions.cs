using System.IO.Compression;
using TradingBot.FastMetrics.Exposition;

namespace TradingBot.FastMetrics.AspNetCore;

/// <summary>Settings of the endpoint <c>MapFastMetrics</c> adds; the same knobs as the raw server's options.</summary>
public sealed class FastMetricsEndpointOptions
{
    /// <summary>Gets or sets what a scrape writes; <see cref="RegistryExposition.Default"/> unless set.</summary>
    public IExpositionSource Source { get; set; } = RegistryExposition.Default;

    /// <summary>Gets or sets whether a client that accepts gzip gets a gzipped body.</summary>
    public bool EnableGzip { get; set; } = true;

    /// <summary>Gets or sets the gzip level.</summary>
    public CompressionLevel GzipLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>Gets or sets a bearer token the scraper must send; null for none.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Gets or sets the user name of HTTP basic authentication; null for none.</summary>
    public string? BasicUserName { get; set; }

    /// <summary>Gets or sets the password of HTTP basic authentication.</summary>
    public string? BasicPassword { get; set; }
}
