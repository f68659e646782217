using System;
using System.Buffers;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Push;

/// <summary>Pushes a scrape to a Prometheus Pushgateway, for jobs too short-lived to be scraped (backtests, batch runs).</summary>
/// <remarks>
/// <para>
/// <see cref="PushAsync"/> and <see cref="DeleteAsync"/> never throw for network or server faults: they return a
/// <see cref="PushResult"/> and count it in <see cref="SuccessCount"/>/<see cref="FailureCount"/>. <see cref="StartPeriodic"/>
/// pushes on a timer thread, never on the caller's; disposing stops the timer and makes one final push, so the
/// last values of a run that ends reach the gateway. Requests are serialised; a push renders the whole scrape in
/// the Prometheus text format 0.0.4 (https://github.com/prometheus/pushgateway#api).
/// </para>
/// </remarks>
public sealed class PushgatewayPusher : IAsyncDisposable, IDisposable
{
    private static readonly MediaTypeHeaderValue s_textFormat = MediaTypeHeaderValue.Parse("text/plain; version=0.0.4; charset=utf-8");

    private readonly IExpositionSource _source;
    private readonly PushgatewayOptions _options;
    private readonly HttpClient _client;
    private readonly Uri _groupUri;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ArrayBufferWriter<byte> _body = new(16 * 1024);
    private CancellationTokenSource? _periodicStop;
    private Task _periodic = Task.CompletedTask;
    private long _successes;
    private long _failures;
    private string? _lastError;
    private int _disposed;

    /// <summary>Creates a pusher of <paramref name="source"/> to the group named by <paramref name="options"/>.</summary>
    /// <param name="source">What to push, e.g. <see cref="RegistryExposition.Default"/>.</param>
    /// <param name="options">The gateway address, grouping key, authentication and timeout.</param>
    /// <exception cref="ArgumentException">The endpoint is missing or not http(s), or a grouping label is invalid.</exception>
    public PushgatewayPusher(IExpositionSource source, PushgatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Pushgateway endpoint '{options.Endpoint}' is invalid: it must be an absolute http:// or https:// URL.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options));
        if (options.BearerToken is not null && options.BasicUserName is not null)
        {
            throw new ArgumentException("Set either a bearer token or a basic user name for the Pushgateway, not both.", nameof(options));
        }

        _source = source;
        _options = options;
        string basePath = endpoint.AbsoluteUri.EndsWith('/') ? endpoint.AbsoluteUri : endpoint.AbsoluteUri + "/";
        _groupUri = new Uri(basePath + GroupingKey.Path(options.Job, options.GroupingLabels));
        _client = options.Handler is null ? new HttpClient() : new HttpClient(options.Handler, disposeHandler: false);
        _client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        if (options.BearerToken is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }
        else if (options.BasicUserName is not null)
        {
            string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.BasicUserName}:{options.BasicPassword}"));
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
    }

    /// <summary>Gets the group's URL: the endpoint plus the grouping key.</summary>
    public Uri GroupUri => _groupUri;

    /// <summary>Gets the number of pushes and deletes the gateway accepted.</summary>
    public long SuccessCount => Interlocked.Read(ref _successes);

    /// <summary>Gets the number of pushes and deletes that failed (status, timeout or connection error).</summary>
    public long FailureCount => Interlocked.Read(ref _failures);

    /// <summary>Gets the last failure's description; null if none failed yet.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Sends the current scrape to the group.</summary>
    /// <param name="method"><see cref="PushMethod.Put"/> replaces the group, <see cref="PushMethod.Post"/> only same-named metrics.</param>
    /// <param name="cancellationToken">Cancels the request (counted as a failure).</param>
    /// <returns>The outcome; faults are reported here, not thrown.</returns>
    public Task<PushResult> PushAsync(PushMethod method = PushMethod.Put, CancellationToken cancellationToken = default) =>
        SendAsync(method == PushMethod.Post ? HttpMethod.Post : HttpMethod.Put, withBody: true, cancellationToken);

    /// <summary>Deletes every metric of the group from the gateway.</summary>
    /// <param name="cancellationToken">Cancels the request (counted as a failure).</param>
    /// <returns>The outcome; faults are reported here, not thrown.</returns>
    public Task<PushResult> DeleteAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, withBody: false, cancellationToken);

    /// <summary>Starts pushing every <paramref name="interval"/> on a background timer until disposed.</summary>
    /// <param name="interval">The time between pushes.</param>
    /// <exception cref="InvalidOperationException">Periodic pushing already started.</exception>
    public void StartPeriodic(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var stop = new CancellationTokenSource();
        if (Interlocked.CompareExchange(ref _periodicStop, stop, null) is not null)
        {
            stop.Dispose();
            ThrowHelper.ThrowInvalidOperationException("Periodic pushing has already started for this pusher.");
        }

        _periodic = Task.Run(() => RunPeriodicAsync(interval, stop.Token), CancellationToken.None);
    }

    /// <summary>Stops periodic pushing, makes the final push if it was periodic, and releases the HTTP client.</summary>
    /// <returns>A task that completes when the final push is done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        CancellationTokenSource? stop = Volatile.Read(ref _periodicStop);
        if (stop is not null)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await _periodic.ConfigureAwait(false);
            await SendAsync(_options.Method == PushMethod.Post ? HttpMethod.Post : HttpMethod.Put, withBody: true, CancellationToken.None).ConfigureAwait(false);
            stop.Dispose();
        }

        _client.Dispose();
        _gate.Dispose();
    }

    /// <summary>Same as <see cref="DisposeAsync"/>, blocking until the final push is done.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunPeriodicAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await SendAsync(_options.Method == PushMethod.Post ? HttpMethod.Post : HttpMethod.Put, withBody: true, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposal: the final push follows in DisposeAsync.
        }
    }

    private async Task<PushResult> SendAsync(HttpMethod method, bool withBody, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        bool entered = false;
        try
        {
            await _gate.WaitAsync(timeout.Token).ConfigureAwait(false);
            entered = true;
            using var request = new HttpRequestMessage(method, _groupUri);
            if (withBody)
            {
                _body.ResetWrittenCount();
                _source.WriteTo(_body, ExpositionFormat.PrometheusText);
                request.Content = new ReadOnlyMemoryContent(_body.WrittenMemory);
                request.Content.Headers.ContentType = s_textFormat;
            }

            using HttpResponseMessage response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _successes);
                return new PushResult(true, (int)response.StatusCode, null, Stopwatch.GetElapsedTime(start));
            }

            string body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return Fail((int)response.StatusCode, $"{method} {_groupUri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}", start);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(0, $"{method} {_groupUri} timed out after {_options.Timeout.TotalSeconds:0.###} s.", start);
        }
#pragma warning disable CA1031 // Faults are reported to the caller and counted, never thrown into a trading thread.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Fail(0, $"{method} {_groupUri} failed: {exception.GetType().Name}: {exception.Message}", start);
        }
        finally
        {
            if (entered)
            {
                _gate.Release();
            }
        }
    }

    private PushResult Fail(int status, string error, long start)
    {
        Interlocked.Increment(ref _failures);
        Volatile.Write(ref _lastError, error);
        return new PushResult(false, status, error, Stopwatch.GetElapsedTime(start));
    }
}
