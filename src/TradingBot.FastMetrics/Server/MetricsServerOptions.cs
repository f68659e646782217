using System;
using System.IO.Compression;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Server;

/// <summary>Where the metrics server listens, and every limit, timeout and security setting it enforces.</summary>
/// <remarks>
/// <see cref="MetricsServer"/> copies the values when it is constructed; changing the options afterwards
/// has no effect on it. The defaults are safe for a scrape endpoint on a trading host.
/// </remarks>
public sealed class MetricsServerOptions
{
    /// <summary>Gets or sets the host to bind: <c>localhost</c> (the default, IPv4 loopback), an IP address or a name.</summary>
    /// <remarks><c>0.0.0.0</c>, <c>::</c>, <c>*</c> and <c>+</c> bind every interface and need <see cref="AllowBindToAnyAddress"/>.</remarks>
    public string Host { get; set; } = "localhost";

    /// <summary>Gets or sets the TCP port; 0 picks a free one (read it back from <see cref="MetricsServer.Port"/>).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Gets or sets whether binding to every interface is allowed. Off by default: exposure is a deliberate choice.</summary>
    public bool AllowBindToAnyAddress { get; set; }

    /// <summary>Gets or sets the most open connections. Default 256.</summary>
    /// <remarks>
    /// At the limit a newcomer is still admitted: the connection idle the longest with no request in
    /// progress (silent, trickling a head, or idle after a response) is closed to make room, so clients
    /// that hold sockets open cannot lock Prometheus out. Only when every connection is answering a
    /// request does the newcomer get 503. Each idle connection holds no buffer (a few KB of objects),
    /// and the default stays far below the usual 1,024 file-descriptor limit.
    /// </remarks>
    public int MaxConnections { get; set; } = 256;

    /// <summary>Gets or sets how long a client may take to send a whole request head (and a TLS handshake). Default 10 s.</summary>
    public TimeSpan HeaderTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a keep-alive connection may sit idle between requests. Default 60 s.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long writing one batch of responses may take before the client is dropped. Default 30 s.</summary>
    public TimeSpan ResponseWriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long <see cref="MetricsServer.StopAsync"/> waits for connections to finish after aborting them. Default 5 s.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest request line, CRLF included; longer gets 414. Default 8 KiB.</summary>
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>Gets or sets the largest header section; larger gets 431. Default 32 KiB.</summary>
    public int MaxHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>Gets or sets the most header fields; more gets 431. Default 100.</summary>
    public int MaxHeaderCount { get; set; } = 100;

    /// <summary>Gets or sets the most socket reads one request head may take; more gets 408 and a close. Default 64.</summary>
    /// <remarks>
    /// Prometheus sends a head in one or two reads, and a whole 32 KiB head takes about nine. The bound
    /// stops a client that sends a byte at a time from buying CPU per read for the whole header timeout.
    /// </remarks>
    public int MaxRequestHeadReads { get; set; } = 64;

    /// <summary>Gets or sets what is called with every exception the accept loop catches; the loop then goes on. Default null.</summary>
    /// <remarks>Called on the accept loop: keep it short and non-blocking (log and return). What it throws is ignored.</remarks>
    public Action<Exception>? AcceptErrorHandler { get; set; }

    /// <summary>Gets or sets the registry for the server's own <c>fastmetrics_http_*</c> series; null (the default) for none.</summary>
    /// <remarks>
    /// Requests by status code, scrape render duration and size, open connections, and rejections,
    /// evictions and accept errors by reason. Pass the registry the server exposes to scrape them too.
    /// </remarks>
    public MetricRegistry? SelfMetrics { get; set; }

    /// <summary>Gets or sets whether scrapes are gzipped when <c>Accept-Encoding</c> allows. Default true.</summary>
    public bool EnableGzip { get; set; } = true;

    /// <summary>Gets or sets the gzip level. Default <see cref="CompressionLevel.Fastest"/>: scrapes are frequent and local.</summary>
    public CompressionLevel GzipLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>Gets or sets a bearer token every request must carry (<c>Authorization: Bearer ...</c>); null for none.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Gets or sets the basic-authentication user name; null for no basic authentication.</summary>
    public string? BasicUserName { get; set; }

    /// <summary>Gets or sets the basic-authentication password.</summary>
    public string? BasicPassword { get; set; }

    /// <summary>Gets or sets a certificate file (PKCS#12 <c>.pfx</c>/<c>.p12</c>, or PEM); when set, the server speaks TLS only.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Gets or sets the PKCS#12 password, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Gets or sets the PEM private-key file when <see cref="CertificatePath"/> is a PEM certificate without its key.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Gets or sets the component health that <c>/health</c> reports. Default <see cref="HealthRegistry.Default"/>.</summary>
    public IHealthSource Health { get; set; } = HealthRegistry.Default;

    internal MetricsServerOptions Clone() => (MetricsServerOptions)MemberwiseClone();

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Host);
        ArgumentNullException.ThrowIfNull(Health);
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConnections);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestLineBytes, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderBytes, 64);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHeaderCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequestHeadReads);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeaderTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(KeepAliveTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ResponseWriteTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(StopTimeout, TimeSpan.Zero);
    }
}
