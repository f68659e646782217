using System;
using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Server;

namespace TradingBot.FastMetrics.AspNetCore;

/// <summary>The request delegate behind <c>MapFastMetrics</c>: authenticate, negotiate, write into the response's PipeWriter.</summary>
/// <remarks>
/// Negotiation and authentication are the raw server's own (<see cref="AcceptNegotiator"/>, <see cref="RequestAuthenticator"/>),
/// so both endpoints answer a given request alike. An identity response is rendered straight into
/// <see cref="HttpResponse.BodyWriter"/>; a gzip response is rendered into a per-thread pooled buffer and
/// compressed into the PipeWriter, synchronously, so nothing thread-local is held across an await.
/// </remarks>
internal sealed class MetricsEndpoint
{
    private const int StackBytes = 512;

    [ThreadStatic]
    private static PooledBufferWriter? t_rendered;

    [ThreadStatic]
    private static BufferWriterStream? t_sink;

    private readonly FastMetricsEndpointOptions _options;
    private readonly RequestAuthenticator? _authenticator;
    private readonly StringValues _challenge;

    public MetricsEndpoint(FastMetricsEndpointOptions options)
    {
        if (options.BearerToken is not null && options.BasicUserName is not null)
        {
            throw new ArgumentException("Set either a bearer token or a basic user name for the metrics endpoint, not both.", nameof(options));
        }

        _options = options;
        _authenticator = RequestAuthenticator.Create(options.BearerToken, options.BasicUserName, options.BasicPassword);
        _challenge = options.BearerToken is not null ? "Bearer realm=\"metrics\"" : "Basic realm=\"metrics\", charset=\"UTF-8\"";
    }

    public Task InvokeAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        HttpResponse response = context.Response;
        if (_authenticator is not null && !IsAuthorized(request.Headers.Authorization))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = _challenge;
            return Task.CompletedTask;
        }

        ExpositionFormat format = WithAscii(request.Headers.Accept, static span => AcceptNegotiator.ChooseFormat(span) == ExpositionFormat.OpenMetrics)
            ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.PrometheusText;
        bool gzip = _options.EnableGzip && WithAscii(request.Headers.AcceptEncoding, static span => AcceptNegotiator.AcceptsGzip(span));
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format == ExpositionFormat.OpenMetrics
            ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
            : "text/plain; version=0.0.4; charset=utf-8";
        response.Headers.Vary = "Accept, Accept-Encoding";
        PipeWriter body = response.BodyWriter;
        if (!gzip)
        {
            _options.Source.WriteTo(body, format);
        }
        else
        {
            response.Headers.ContentEncoding = "gzip";
            WriteGzipped(body, format);
        }

        ValueTask<FlushResult> flush = body.FlushAsync(context.RequestAborted);
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    private void WriteGzipped(PipeWriter body, ExpositionFormat format)
    {
        // GZipStream cannot be reset, so each gzip scrape creates one (as the raw server does); the rest is reused.
        PooledBufferWriter rendered = t_rendered ??= new PooledBufferWriter();
        BufferWriterStream sink = t_sink ??= new BufferWriterStream();
        rendered.Reset();
        _options.Source.WriteTo(rendered, format);
        sink.SetTarget(body);
        using (var stream = new GZipStream(sink, _options.GzipLevel, leaveOpen: true))
        {
            stream.Write(rendered.WrittenSpan);
        }

        sink.SetTarget(rendered);
    }

    private bool IsAuthorized(StringValues authorization)
    {
        string? value = authorization.Count == 1 ? authorization[0] : null;
        if (string.IsNullOrEmpty(value) || value.Length > 16 * 1024)
        {
            return false;
        }

        byte[] bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            int length = Encoding.UTF8.GetBytes(value, bytes);
            return _authenticator!.IsAuthorized(new ReadOnlySequence<byte>(bytes, 0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static bool WithAscii(StringValues values, Func<ReadOnlySpan<byte>, bool> decide)
    {
        // Header values are ASCII by RFC 9110; several field lines join with ',' as one list.
        int length = 0;
        foreach (string? value in values)
        {
            length += (value?.Length ?? 0) + 1;
        }

        if (length == 0)
        {
            return decide(default);
        }

        byte[]? rented = null;
        Span<byte> bytes = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            int written = 0;
            foreach (string? value in values)
            {
                if (written > 0)
                {
                    bytes[written++] = (byte)',';
                }

                Encoding.ASCII.TryGetBytes(value, bytes[written..], out int count);
                written += count;
            }

            return decide(bytes[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
