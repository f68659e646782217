using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace TradingBot.FastMetrics.Server;

/// <summary>One client connection: a <see cref="PipeReader"/>/<see cref="PipeWriter"/> pair over the socket (or its TLS stream).</summary>
/// <remarks>
/// Requests are parsed and answered strictly in order, so pipelined requests get their responses in
/// order (RFC 9112 section 9.3.2). The connection catches its own faults, completes both pipes with the
/// exception and disposes the socket; nothing it does can reach the accept loop or another connection.
/// Timeouts are deadlines that the server's heartbeat enforces by aborting the socket, so the request
/// path arms no timer. An idle connection holds no buffer: the reader waits with a zero-byte read, the
/// writer returns its segments on flush, and scrape bodies are shared render buffers released as soon
/// as they are written.
/// </remarks>
internal sealed partial class HttpConnection : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Busy = 1;
    private const int Evicted = 2;

    // Pipelined small responses are flushed once this much is buffered.
    private const int FlushThreshold = 64 * 1024;

    // After a closing response we read and discard at most this much while the client closes.
    private const long MaxDrainBytes = 1024 * 1024;

    // Zero-byte reads: an idle socket waits for data before the pipe rents a buffer for it.
    private static readonly StreamPipeReaderOptions s_readerOptions = new(pool: null, bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true);

    // Null pool: StreamPipeWriter rents straight from ArrayPool<byte>.Shared, with no per-segment owner
    // object, and returns every segment on flush. Heads and small bodies only: large scrape bodies are
    // written straight from the shared render buffer.
    private static readonly StreamPipeWriterOptions s_writerOptions = new(pool: null, minimumBufferSize: 16 * 1024, leaveOpen: true);

    private static readonly TimeSpan s_maxLinger = TimeSpan.FromSeconds(1);

    private readonly MetricsServer _server;
    private readonly Socket _socket;

    // Exists from construction, so StopAsync can wait on a connection that has not started running yet.
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Mutable struct, do not make readonly: the parser advances it through a ref across reads of one head.
    private Http1RequestParser.ParseState _parse;
    private int _headReads;
    private long _deadline = long.MaxValue;
    private int _deadlineReason;
    private long _idleSince = Environment.TickCount64;
    private int _activity;
    private int _aborted;

    public HttpConnection(MetricsServer server, Socket socket)
    {
        _server = server;
        _socket = socket;
    }

    /// <summary>Gets the <see cref="Environment.TickCount64"/> after which the heartbeat aborts this connection.</summary>
    public long Deadline => Volatile.Read(ref _deadline);

    /// <summary>Gets which timeout <see cref="Deadline"/> enforces.</summary>
    public EvictionReason DeadlineReason => (EvictionReason)Volatile.Read(ref _deadlineReason);

    /// <summary>Gets when the connection was accepted or last finished a response: how long it has been idle.</summary>
    /// <remarks>Bytes of an unfinished head do not count as activity, so a trickling client ages like a silent one.</remarks>
    public long IdleSince => Volatile.Read(ref _idleSince);

    /// <summary>Gets whether a request is being answered now (such a connection is never evicted).</summary>
    public bool IsBusy => Volatile.Read(ref _activity) == Busy;

    /// <summary>Gets a task that completes when the connection has closed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Runs the connection; the accept loop queues it to the thread pool so it never runs request work itself.</summary>
    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    /// <summary>Claims an idle connection for eviction; fails when a request is in progress.</summary>
    /// <returns>True when the caller must now <see cref="Abort"/> it.</returns>
    public bool TryEvict() => Interlocked.CompareExchange(ref _activity, Evicted, Idle) == Idle;

    /// <summary>Drops the connection now: pending reads and writes fail and the connection cleans up. Thread-safe, idempotent.</summary>
    /// <returns>True for the call that closed it; false when it was already closed.</returns>
    public bool Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return false;
        }

        _socket.Dispose();
        return true;
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
            SetDeadline(_server.Options.HeaderTimeout, EvictionReason.HeaderTimeout);
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
            if (await ProcessRequestsAsync(reader, writer, transport).ConfigureAwait(false))
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
            ReleaseBatchBody();
            await CompleteQuietlyAsync(reader, writer, error).ConfigureAwait(false);
            ssl?.Dispose();
            network?.Dispose();
            Abort();
            _server.OnConnectionClosed(this);
            _completion.TrySetResult();
        }
    }

    /// <summary>Answers requests until the client leaves or a response closes the connection.</summary>
    /// <returns>True when the last response said <c>Connection: close</c>, so the close should be graceful.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessRequestsAsync(PipeReader reader, PipeWriter writer, Stream transport)
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
            if (Interlocked.CompareExchange(ref _activity, Busy, Idle) != Idle)
            {
                return false;
            }

            ReadOnlySequence<byte> buffer = result.Buffer;
            bool responded = false;
            bool close = false;
            try
            {
                while (!close)
                {
                    ParseStatus status = Http1RequestParser.TryParse(buffer, limits, ref _parse, out HttpRequestHead request, out SequencePosition consumed, out RequestRejection rejection);
                    if (status == ParseStatus.NeedMoreData)
                    {
                        // A head that needs more reads than this is a client buying CPU a byte at a time;
                        // Prometheus sends a head in one or two.
                        if (buffer.IsEmpty || ++_headReads <= options.MaxRequestHeadReads)
                        {
                            break;
                        }

                        status = ParseStatus.Rejected;
                        rejection = RequestRejection.HeadTooSlow;
                    }

                    _parse = default;
                    _headReads = 0;
                    responded = true;
                    if (status == ParseStatus.Rejected)
                    {
                        WriteRejection(writer, rejection);
                        close = true;
                        break;
                    }

                    close = !await RespondAsync(writer, transport, request).ConfigureAwait(false);
                    buffer = buffer.Slice(consumed);
                    if (!close && writer.UnflushedBytes > FlushThreshold && !await FlushAsync(writer).ConfigureAwait(false))
                    {
                        return false;
                    }
                }

                if (responded && writer.UnflushedBytes > 0 && !await FlushAsync(writer).ConfigureAwait(false))
                {
                    return false;
                }
            }
            finally
            {
                ReleaseBatchBody();
                if (responded)
                {
                    Volatile.Write(ref _idleSince, Environment.TickCount64);
                }

                Interlocked.CompareExchange(ref _activity, Idle, Busy);
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
                SetDeadline(options.KeepAliveTimeout, EvictionReason.KeepAliveTimeout);
            }
            else if (responded || !headerClockRunning)
            {
                headerClockRunning = true;
                SetDeadline(options.HeaderTimeout, EvictionReason.HeaderTimeout);
            }
        }
    }

    private async ValueTask<bool> FlushAsync(PipeWriter writer)
    {
        SetDeadline(_server.Options.ResponseWriteTimeout, EvictionReason.WriteTimeout);
        return !(await writer.FlushAsync().ConfigureAwait(false)).IsCompleted;
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
        SetDeadline(header < s_maxLinger ? header : s_maxLinger, EvictionReason.HeaderTimeout);
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

    private void SetDeadline(TimeSpan timeout, EvictionReason reason)
    {
        Volatile.Write(ref _deadlineReason, (int)reason);
        Volatile.Write(ref _deadline, Environment.TickCount64 + (long)timeout.TotalMilliseconds);
    }
}
