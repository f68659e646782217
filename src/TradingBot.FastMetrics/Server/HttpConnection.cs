using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Server;

/// <summary>One client connection: a <see cref="PipeReader"/>/<see cref="PipeWriter"/> pair over the socket (or its TLS stream).</summary>
/// <remarks>
/// Requests are parsed and answered strictly in order, so pipelined requests get their responses in
/// order (RFC 9112 section 9.3.2); responses to one read's worth of requests go out in one flush. The
/// connection catches its own faults, completes both pipes with the exception and disposes the socket;
/// nothing it does can reach the accept loop or another connection. Timeouts are deadlines that the
/// server's heartbeat enforces by aborting the socket, so the request path arms no timer and allocates
/// nothing for them.
/// </remarks>
internal sealed class HttpConnection : IDisposable
{
    // Pipelined scrapes are flushed once this much is buffered, rather than holding them all in memory.
    private const int FlushThreshold = 256 * 1024;

    // After a closing response we read and discard at most this much while the client closes.
    private const long MaxDrainBytes = 1024 * 1024;

    private static readonly StreamPipeReaderOptions s_readerOptions = new(pool: null, bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true);

    // Null pool: StreamPipeWriter then rents straight from ArrayPool<byte>.Shared, with no per-segment
    // owner object, so steady-state scrapes allocate nothing here. 64 KiB segments keep a 150 KB scrape
    // to three socket writes.
    private static readonly StreamPipeWriterOptions s_writerOptions = new(pool: null, minimumBufferSize: 64 * 1024, leaveOpen: true);

    private static readonly TimeSpan s_maxLinger = TimeSpan.FromSeconds(1);

    private readonly MetricsServer _server;
    private readonly Socket _socket;

    // The scrape is rendered here once, so Content-Length is known before the first body byte is sent.
    private readonly PooledBufferWriter _body = new();

    // Exists from construction, so StopAsync can wait on a connection that has not started running yet.
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PooledBufferWriter? _compressed;
    private GzipCompressor? _gzip;
    private long _deadline = long.MaxValue;
    private int _aborted;

    public HttpConnection(MetricsServer server, Socket socket)
    {
        _server = server;
        _socket = socket;
    }

    /// <summary>Gets the <see cref="Environment.TickCount64"/> after which the heartbeat aborts this connection.</summary>
    public long Deadline => Volatile.Read(ref _deadline);

    /// <summary>Gets a task that completes when the connection has closed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Starts serving; returns at the first asynchronous wait.</summary>
    public void Start() => _ = RunAsync();

    /// <summary>Drops the connection now: pending reads and writes fail and the connection cleans up. Thread-safe, idempotent.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            _socket.Dispose();
        }
    }

    /// <summary>Returns the pooled buffers; called once, by the connection itself, as it ends.</summary>
    public void Dispose()
    {
        _body.Dispose();
        _compressed?.Dispose();
        _gzip?.Dispose();
    }

    private async Task RunAsync()
    {
        NetworkStream? network = null;
        SslStream? ssl = null;
        PipeReader? reader = null;
        PipeWriter? writer = null;
        Exception? error = null;
        try
        {
            // A new connection must deliver its first request (and TLS handshake) within the header timeout.
            SetDeadline(_server.Options.HeaderTimeout);
            network = new NetworkStream(_socket, ownsSocket: false);
            Stream transport = network;
            if (_server.Certificate is { } certificate)
            {
                ssl = new SslStream(network, leaveInnerStreamOpen: true);
                var tls = new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = false,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                };
                await ssl.AuthenticateAsServerAsync(tls, CancellationToken.None).ConfigureAwait(false);
                transport = ssl;
            }

            reader = PipeReader.Create(transport, s_readerOptions);
            writer = PipeWriter.Create(transport, s_writerOptions);
            if (await ProcessRequestsAsync(reader, writer).ConfigureAwait(false))
            {
                await CloseGracefullyAsync(reader, ssl).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Resets, timeouts (the heartbeat disposed the socket), TLS failures: this client's problem only.
            error = ex;
        }
        finally
        {
            await CompleteQuietlyAsync(reader, writer, error).ConfigureAwait(false);
            ssl?.Dispose();
            network?.Dispose();
            Abort();
            Dispose();
            _server.OnConnectionClosed(this);
            _completion.TrySetResult();
        }
    }

    /// <summary>Answers requests until the client leaves or a response closes the connection.</summary>
    /// <returns>True when the last response said <c>Connection: close</c>, so the close should be graceful.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessRequestsAsync(PipeReader reader, PipeWriter writer)
    {
        MetricsServerOptions options = _server.Options;
        HttpParserLimits limits = _server.Limits;

        // The header clock runs from the first byte of a request (here: from accept) and is not
        // extended by later bytes of the same request, so trickling a byte at a time cannot hold
        // the connection open (slowloris).
        bool headerClockRunning = true;
        while (true)
        {
            ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool responded = false;
            bool close = false;
            while (!close)
            {
                ParseStatus status = Http1RequestParser.TryParse(buffer, limits, out HttpRequestHead request, out SequencePosition consumed, out RequestRejection rejection);
                if (status == ParseStatus.NeedMoreData)
                {
                    break;
                }

                responded = true;
                if (status == ParseStatus.Rejected)
                {
                    WriteRejection(writer, rejection);
                    close = true;
                    break;
                }

                close = !Respond(writer, in request);
                buffer = buffer.Slice(consumed);
                if (!close && writer.UnflushedBytes > FlushThreshold)
                {
                    SetDeadline(options.ResponseWriteTimeout);
                    if ((await writer.FlushAsync().ConfigureAwait(false)).IsCompleted)
                    {
                        return false;
                    }
                }
            }

            if (responded)
            {
                SetDeadline(options.ResponseWriteTimeout);
                if ((await writer.FlushAsync().ConfigureAwait(false)).IsCompleted)
                {
                    return false;
                }
            }

            if (close)
            {
                reader.AdvanceTo(buffer.End);
                return true;
            }

            // Everything before buffer.Start is answered; the rest is examined but incomplete.
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return false;
            }

            if (buffer.IsEmpty)
            {
                headerClockRunning = false;
                SetDeadline(options.KeepAliveTimeout);
            }
            else if (responded || !headerClockRunning)
            {
                headerClockRunning = true;
                SetDeadline(options.HeaderTimeout);
            }
        }
    }

    /// <summary>Writes the response to one valid request.</summary>
    /// <returns>Whether the connection stays open.</returns>
    private bool Respond(PipeWriter writer, in HttpRequestHead request)
    {
        bool keepAlive = request.KeepAlive && !_server.IsStopping;
        RequestAuthenticator? authenticator = _server.Authenticator;
        if (authenticator is not null && !authenticator.IsAuthorized(request.Authorization))
        {
            WriteSmall(writer, 401, HttpResponses.ContentTypePlain, "Unauthorized\n"u8, in request, keepAlive, authenticator.Challenge);
            return keepAlive;
        }

        switch (request.Target)
        {
            case RequestTarget.Metrics:
                return WriteScrape(writer, in request, keepAlive);
            case RequestTarget.Health:
                _body.Reset();
                bool healthy = HealthJsonWriter.Write(_body, _server.Options.Health, _server.UptimeSeconds);
                WriteSmall(writer, healthy ? 200 : 503, HttpResponses.ContentTypeJson, _body.WrittenSpan, in request, keepAlive, default);
                return keepAlive;
            default:
                WriteSmall(writer, 200, HttpResponses.ContentTypeHtml, HttpResponses.IndexBody, in request, keepAlive, default);
                return keepAlive;
        }
    }

    private bool WriteScrape(PipeWriter writer, in HttpRequestHead request, bool keepAlive)
    {
        ExpositionFormat format = AcceptNegotiator.ChooseFormat(request.Accept);
        bool gzip = _server.Options.EnableGzip && AcceptNegotiator.AcceptsGzip(request.AcceptEncoding);
        _body.Reset();
        try
        {
            _server.Source.WriteTo(_body, format);
        }
        catch (Exception)
        {
            // A failing exposition must not kill the connection silently or leak a half-written body.
            WriteSmall(writer, 500, HttpResponses.ContentTypePlain, "Internal Server Error\n"u8, in request, keepAlive: false, default);
            return false;
        }

        ReadOnlySpan<byte> payload = _body.WrittenSpan;
        if (gzip)
        {
            _compressed ??= new PooledBufferWriter();
            _gzip ??= new GzipCompressor(_server.Options.GzipLevel);
            _gzip.Compress(payload, _compressed);
            payload = _compressed.WrittenSpan;
        }

        ReadOnlySpan<byte> contentType = format switch
        {
            ExpositionFormat.OpenMetrics => HttpResponses.ContentTypeOpenMetrics,
            ExpositionFormat.Protobuf => HttpResponses.ContentTypeProtobuf,
            _ => HttpResponses.ContentTypePrometheusText,
        };
        HttpResponses.WriteHead(writer, new ResponseHead(200, contentType, payload.Length, keepAlive, request.IsHttp11)
        {
            Date = _server.Date.Value,
            Gzip = gzip,
            Negotiated = true,
        });

        // RFC 9110 section 9.3.2: HEAD gets the same fields as GET, including Content-Length, and no body.
        if (request.Method == HttpMethod.Get)
        {
            writer.Write(payload);
        }

        _server.OnScrape(gzip, format == ExpositionFormat.OpenMetrics);
        return keepAlive;
    }

    private void WriteSmall(PipeWriter writer, int status, ReadOnlySpan<byte> contentType, ReadOnlySpan<byte> body, in HttpRequestHead request, bool keepAlive, ReadOnlySpan<byte> extraHeaders)
    {
        HttpResponses.WriteHead(writer, new ResponseHead(status, contentType, body.Length, keepAlive, request.IsHttp11)
        {
            Date = _server.Date.Value,
            ExtraHeaders = extraHeaders,
        });
        if (request.Method == HttpMethod.Get)
        {
            writer.Write(body);
        }
    }

    private void WriteRejection(PipeWriter writer, RequestRejection rejection)
    {
        int status = RequestRejectionStatus.StatusCode(rejection);
        ReadOnlySpan<byte> reason = HttpResponses.ReasonPhrase(status);
        HttpResponses.WriteHead(writer, new ResponseHead(status, HttpResponses.ContentTypePlain, reason.Length + 1, keepAlive: false, isHttp11: true)
        {
            Date = _server.Date.Value,
        });
        writer.Write(reason);
        writer.Write("\n"u8);
    }

    /// <summary>Closes after a <c>Connection: close</c> response without destroying it.</summary>
    /// <remarks>
    /// RFC 9112 section 9.6: close in stages. We half-close our side (the client sees EOF after the
    /// response), then read and discard until the client closes, for a bounded time and size. Closing
    /// with unread input would make the kernel send a reset, which can discard the response before
    /// the client reads it.
    /// </remarks>
    private async Task CloseGracefullyAsync(PipeReader reader, SslStream? ssl)
    {
        TimeSpan header = _server.Options.HeaderTimeout;
        SetDeadline(header < s_maxLinger ? header : s_maxLinger);
        if (ssl is not null)
        {
            await ssl.ShutdownAsync().ConfigureAwait(false);
        }

        _socket.Shutdown(SocketShutdown.Send);
        long drained = 0;
        while (drained < MaxDrainBytes)
        {
            ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
            drained += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    private static async ValueTask CompleteQuietlyAsync(PipeReader? reader, PipeWriter? writer, Exception? error)
    {
        try
        {
            if (reader is not null)
            {
                await reader.CompleteAsync(error).ConfigureAwait(false);
            }

            if (writer is not null)
            {
                await writer.CompleteAsync(error).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Completing may flush into a dead socket; the connection is over either way.
        }
    }

    private void SetDeadline(TimeSpan timeout) =>
        Volatile.Write(ref _deadline, Environment.TickCount64 + (long)timeout.TotalMilliseconds);
}
