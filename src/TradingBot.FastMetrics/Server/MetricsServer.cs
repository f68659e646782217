using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;

namespace TradingBot.FastMetrics.Server;

/// <summary>
/// A hardened HTTP/1.1 server for <c>/metrics</c>, <c>/health</c> and <c>/</c> on a raw <see cref="Socket"/>
/// and System.IO.Pipelines: keep-alive, pipelining, OpenMetrics and gzip negotiation, optional
/// authentication and TLS, and strict limits on everything a client controls.
/// </summary>
/// <remarks>
/// Thread-safe. Scrapes render fresh through <see cref="IExpositionSource"/> into pooled buffers, and
/// requests that arrive while the same representation is rendering share that render (single flight).
/// Request work runs on thread-pool threads, never on the accept loop, and never takes a lock that
/// recording takes. At the connection limit the newcomer is admitted and the longest-idle connection
/// with no request in progress is evicted, so idle or trickling clients cannot lock Prometheus out.
/// A misbehaving client affects only its own connection: the accept loop survives any exception. A
/// server is started once; to listen again after <see cref="StopAsync"/>, create a new one.
/// </remarks>
public sealed partial class MetricsServer : IAsyncDisposable, IDisposable
{
    private const int NotStarted = 0;
    private const int Running = 1;
    private const int Stopped = 2;

    private readonly MetricsServerOptions _options;
    private readonly Lock _lock = new();
    private readonly List<HttpConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private Timer? _heartbeat;
    private long _startTimestamp;
    private long _dateSecond;
    private int _state;
    private long _scrapes;
    private long _gzipScrapes;
    private long _openMetricsScrapes;
    private long _rejectedConnections;
    private long _evictedConnections;
    private long _acceptErrors;
    private int _accepting;
    private int _heartbeatRunning;

    // The heartbeat's scratch for connections past their deadline, aborted after the lock is released.
    private HttpConnection[] _expired = [];

    /// <summary>Creates a server that is not listening yet; call <see cref="Start()"/> or <see cref="StartAsync"/>.</summary>
    /// <param name="source">What <c>/metrics</c> serves, such as a <c>RegistryExposition</c>.</param>
    /// <param name="options">Where to listen and the limits; null for the defaults (localhost:8080).</param>
    public MetricsServer(IExpositionSource source, MetricsServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _options = (options ?? new MetricsServerOptions()).Clone();
        _options.Validate();
        Source = source;
        Limits = new HttpParserLimits(_options.MaxRequestLineBytes, _options.MaxHeaderBytes, _options.MaxHeaderCount);
        Authenticator = RequestAuthenticator.Create(_options.BearerToken, _options.BasicUserName, _options.BasicPassword);
        Metrics = _options.SelfMetrics is { } registry ? new HttpServerMetrics(registry) : null;
        Renderer = new ScrapeRenderer(source, _options.GzipLevel, Metrics);
    }

    /// <summary>Gets the port the server listens on (the chosen one when the options said 0), or 0 before it starts.</summary>
    public int Port => (_listener?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    /// <summary>Gets the address and port the server listens on, or null before it starts.</summary>
    public IPEndPoint? EndPoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>Gets whether the server can accept connections: started, not stopped, and its accept loop alive.</summary>
    public bool IsRunning => Volatile.Read(ref _state) == Running && Volatile.Read(ref _accepting) == 1;

    /// <summary>Gets how many connections are open now.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Gets how many <c>/metrics</c> responses have been rendered (GET and HEAD).</summary>
    public long ScrapeCount => Interlocked.Read(ref _scrapes);

    /// <summary>Gets how many of those were gzip-encoded.</summary>
    public long GzipScrapeCount => Interlocked.Read(ref _gzipScrapes);

    /// <summary>Gets how many <c>/metrics</c> responses were in the OpenMetrics format.</summary>
    public long OpenMetricsScrapeCount => Interlocked.Read(ref _openMetricsScrapes);

    /// <summary>Gets how many connections were turned away with 503 because the limit was reached and every open connection had a request in progress.</summary>
    public long RejectedConnectionCount => Interlocked.Read(ref _rejectedConnections);

    /// <summary>Gets how many idle connections were closed to admit a newcomer at the connection limit.</summary>
    public long EvictedConnectionCount => Interlocked.Read(ref _evictedConnections);

    /// <summary>Gets how many exceptions the accept loop caught and survived (see <see cref="MetricsServerOptions.AcceptErrorHandler"/>).</summary>
    public long AcceptErrorCount => Interlocked.Read(ref _acceptErrors);

    internal IExpositionSource Source { get; }

    internal ScrapeRenderer Renderer { get; }

    internal HttpServerMetrics? Metrics { get; }

    /// <summary>Gets or sets a test seam called with each accepted socket before admission; what it throws is an accept-loop fault.</summary>
    internal Action<Socket>? AcceptedHook { get; set; }

    /// <summary>Gets the listening socket, so a test can take it away and watch the accept loop end.</summary>
    internal Socket? Listener => _listener;

    internal MetricsServerOptions Options => _options;

    internal HttpParserLimits Limits { get; }

    internal RequestAuthenticator? Authenticator { get; }

    internal X509Certificate2? Certificate { get; private set; }

    internal HttpDate Date { get; } = new();

    internal bool IsStopping => _stopping.IsCancellationRequested;

    internal double UptimeSeconds => Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;

    /// <summary>Starts a server for <paramref name="source"/> on <paramref name="host"/>:<paramref name="port"/> with default limits.</summary>
    /// <param name="source">What <c>/metrics</c> serves, such as <c>new RegistryExposition(MetricRegistry.Default)</c>.</param>
    /// <param name="port">The TCP port; 0 picks a free one.</param>
    /// <param name="host">The host to bind; loopback unless told otherwise.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    /// <exception cref="MetricsServerBindException">The port is taken or the host cannot be bound; the message names both.</exception>
    public static MetricsServer Start(IExpositionSource source, int port = 8080, string host = "localhost")
    {
        var server = new MetricsServer(source, new MetricsServerOptions { Port = port, Host = host });
        server.Start();
        return server;
    }

    /// <summary>Starts a server for <see cref="RegistryExposition.Default"/> (the process-wide registry) on <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <param name="port">The TCP port; 0 picks a free one.</param>
    /// <param name="host">The host to bind; loopback unless told otherwise.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    /// <exception cref="MetricsServerBindException">The port is taken or the host cannot be bound; the message names both.</exception>
    /// <remarks>The seed's <c>start_metrics_server(port=8080, host="localhost")</c>.</remarks>
    public static MetricsServer Start(int port = 8080, string host = "localhost") => Start(RegistryExposition.Default, port, host);

    /// <summary>Binds, listens and starts accepting connections.</summary>
    /// <exception cref="MetricsServerBindException">The port is taken or the host cannot be bound; the message names both.</exception>
    /// <exception cref="InvalidOperationException">The server was already started, or its certificate cannot be loaded.</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, Running, NotStarted) != NotStarted)
        {
            ServerThrowHelper.ThrowInvalidOperationException_AlreadyStarted();
        }

        try
        {
            Certificate = LoadCertificate(_options);
            _listener = Listen(_options.Host, _options.Port, _options.AllowBindToAnyAddress);
        }
        catch
        {
            Volatile.Write(ref _state, Stopped);
            Certificate?.Dispose();
            throw;
        }

        _startTimestamp = Stopwatch.GetTimestamp();
        TimeSpan period = HeartbeatPeriod(_options);
        _heartbeat = new Timer(static state => ((MetricsServer)state!).OnHeartbeat(), this, period, period);
        Volatile.Write(ref _accepting, 1);
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_listener));
    }

    /// <summary>Binds, listens and starts accepting connections.</summary>
    /// <param name="cancellationToken">Not observed: binding completes synchronously.</param>
    /// <returns>A completed task once the server listens.</returns>
    /// <exception cref="MetricsServerBindException">The port is taken or the host cannot be bound; the message names both.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Start();
        return Task.CompletedTask;
    }

    /// <summary>Stops listening, aborts open connections and waits for them, at most <see cref="MetricsServerOptions.StopTimeout"/>.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _state, Stopped) != Running)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop only ends by stopping; nothing it could report matters now.
        }

        HttpConnection[] open;
        lock (_lock)
        {
            open = [.. _connections];
        }

        var running = new Task[open.Length];
        for (int i = 0; i < open.Length; i++)
        {
            open[i].Abort();
            running[i] = open[i].Completion;
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(_options.StopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Bounded stop: a connection stuck past the timeout has a disposed socket and will end on its own.
        }

        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync().ConfigureAwait(false);
        }

        Certificate?.Dispose();
    }

    /// <summary>Stops the server; see <see cref="StopAsync"/>.</summary>
    public void Stop() => StopAsync().GetAwaiter().GetResult();

    /// <summary>Stops the server.</summary>
    public void Dispose()
    {
        Stop();
        _stopping.Dispose();
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal void OnScrape(bool gzip, bool openMetrics)
    {
        Interlocked.Increment(ref _scrapes);
        Metrics?.OnResponse(200);
        if (openMetrics)
        {
            Interlocked.Increment(ref _openMetricsScrapes);
        }

        if (gzip)
        {
            Interlocked.Increment(ref _gzipScrapes);
        }
    }

    internal void OnResponse(int statusCode) => Metrics?.OnResponse(statusCode);

    internal void OnRejected(RejectionReason reason) => Metrics?.OnRejected(reason);

    internal void OnConnectionClosed(HttpConnection connection)
    {
        lock (_lock)
        {
            // Already gone when it was evicted: eviction frees the slot at once.
            _connections.Remove(connection);
        }

        Metrics?.OnClosed();
    }

    private static TimeSpan HeartbeatPeriod(MetricsServerOptions options)
    {
        // A quarter of the shortest timeout, so a deadline is enforced within 25% of its length,
        // capped at one second (the Date field's resolution) and floored to keep the timer cheap.
        TimeSpan shortest = options.HeaderTimeout < options.KeepAliveTimeout ? options.HeaderTimeout : options.KeepAliveTimeout;
        long ms = Math.Clamp((long)(shortest.TotalMilliseconds / 4), 10, 1000);
        return TimeSpan.FromMilliseconds(ms);
    }

    private void OnHeartbeat()
    {
        // Timer callbacks overlap when one runs long; one at a time is enough.
        if (Interlocked.Exchange(ref _heartbeatRunning, 1) != 0)
        {
            return;
        }

        try
        {
            DateTime utcNow = DateTime.UtcNow;
            long second = utcNow.Ticks / TimeSpan.TicksPerSecond;
            if (second != _dateSecond)
            {
                _dateSecond = second;
                Date.Refresh(utcNow);
            }

            Renderer.Trim();
            long now = Environment.TickCount64;
            int expired = 0;
            lock (_lock)
            {
                // Indexing, not foreach: no enumerator. Only collect here: disposing a socket can block,
                // and the accept loop takes this lock for every admission.
                for (int i = 0; i < _connections.Count; i++)
                {
                    HttpConnection connection = _connections[i];
                    if (now >= connection.Deadline)
                    {
                        if (expired == _expired.Length)
                        {
                            Array.Resize(ref _expired, Math.Max(16, expired * 2));
                        }

                        _expired[expired++] = connection;
                    }
                }
            }

            for (int i = 0; i < expired; i++)
            {
                HttpConnection connection = _expired[i];
                _expired[i] = null!;
                if (connection.Abort())
                {
                    Metrics?.OnEvicted(connection.DeadlineReason);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _heartbeatRunning, 0);
        }
    }
}
