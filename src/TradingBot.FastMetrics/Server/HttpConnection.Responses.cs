using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Server;

/// <content>Routing and writing responses; scrape bodies come from the shared <see cref="ScrapeRenderer"/>.</content>
internal sealed partial class HttpConnection
{
    // Bodies up to this size are copied into the pipe with their head (one write); larger ones are
    // written straight from the shared render buffer after the head, with no copy.
    private const int CopyBodyThreshold = 16 * 1024;

    // The render the current batch of pipelined requests shares; released when the batch is answered.
    private RenderBuffer? _batchBody;
    private ExpositionFormat _batchFormat;
    private bool _batchGzip;

    /// <summary>Writes the response to one valid request.</summary>
    /// <returns>Whether the connection stays open.</returns>
    private ValueTask<bool> RespondAsync(PipeWriter writer, Stream transport, in HttpRequestHead request)
    {
        bool keepAlive = request.KeepAlive && !_server.IsStopping;
        RequestAuthenticator? authenticator = _server.Authenticator;
        if (authenticator is not null && !authenticator.IsAuthorized(request.Authorization))
        {
            // A client that cannot authenticate gets no keep-alive slot to sit in.
            WriteSmall(writer, 401, HttpResponses.ContentTypePlain, "Unauthorized\n"u8, in request, keepAlive: false, authenticator.Challenge);
            _server.OnRejected(RejectionReason.Unauthorized);
            return new ValueTask<bool>(false);
        }

        switch (request.Target)
        {
            case RequestTarget.Metrics:
                return WriteScrapeAsync(writer, transport, request, keepAlive);
            case RequestTarget.Health:
                using (var body = new PooledBufferWriter(1024))
                {
                    bool healthy = _server.Options.Health.WriteTo(body, _server.UptimeSeconds);
                    WriteSmall(writer, healthy ? 200 : 503, HttpResponses.ContentTypeJson, body.WrittenSpan, in request, keepAlive, default);
                }

                return new ValueTask<bool>(keepAlive);
            default:
                WriteSmall(writer, 200, HttpResponses.ContentTypeHtml, HttpResponses.IndexBody, in request, keepAlive, default);
                return new ValueTask<bool>(keepAlive);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WriteScrapeAsync(PipeWriter writer, Stream transport, HttpRequestHead request, bool keepAlive)
    {
        ExpositionFormat format = AcceptNegotiator.ChooseFormat(request.Accept);
        bool gzip = _server.Options.EnableGzip && AcceptNegotiator.AcceptsGzip(request.AcceptEncoding);
        RenderBuffer? body = _batchBody;
        if (body is null || _batchFormat != format || _batchGzip != gzip)
        {
            ReleaseBatchBody();
            body = await _server.Renderer.AcquireAsync(format, gzip).ConfigureAwait(false);
            if (body is null)
            {
                // A failing exposition must not kill the connection silently or leak a half-written body.
                WriteSmall(writer, 500, HttpResponses.ContentTypePlain, "Internal Server Error\n"u8, in request, keepAlive: false, default);
                return false;
            }

            _batchBody = body;
            _batchFormat = format;
            _batchGzip = gzip;
        }

        ReadOnlyMemory<byte> payload = body.Memory;
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
        _server.OnScrape(gzip, format == ExpositionFormat.OpenMetrics);

        // RFC 9110 section 9.3.2: HEAD gets the same fields as GET, including Content-Length, and no body.
        if (request.Method == HttpMethod.Get)
        {
            if (payload.Length <= CopyBodyThreshold)
            {
                writer.Write(payload.Span);
            }
            else
            {
                if (!await FlushAsync(writer).ConfigureAwait(false))
                {
                    return false;
                }

                await transport.WriteAsync(payload).ConfigureAwait(false);

                // The socket's reusable send args keep a reference to the last buffer sent until the next
                // send; an empty send points them away from the shared render buffer, so an idle
                // connection never keeps a dropped scrape-sized array alive.
                await transport.WriteAsync(ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
            }
        }

        return keepAlive;
    }

    private void ReleaseBatchBody()
    {
        RenderBuffer? body = _batchBody;
        _batchBody = null;
        body?.Release();
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

        _server.OnResponse(status);
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
        _server.OnResponse(status);
        _server.OnRejected(status switch
        {
            404 => RejectionReason.NotFound,
            405 => RejectionReason.MethodNotAllowed,
            408 => RejectionReason.HeadTooSlow,
            414 or 431 => RejectionReason.TooLarge,
            _ => RejectionReason.BadRequest,
        });
    }
}
