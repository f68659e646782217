using System;
using System.Buffers;
using System.Buffers.Text;

namespace TradingBot.FastMetrics.Server;

/// <summary>The constant bytes of every response, and the one method that writes a response head.</summary>
/// <remarks>
/// Message syntax per RFC 9112 section 4 (status line) and section 5 (field lines):
/// https://www.rfc-editor.org/rfc/rfc9112#section-4. We always answer as HTTP/1.1, the highest version
/// we conform to, even to an HTTP/1.0 request (RFC 9110 section 6.2).
/// </remarks>
internal static class HttpResponses
{
    /// <summary>Gets the Prometheus text format 0.0.4 media type, exactly as Prometheus expects it.</summary>
    /// <remarks>https://prometheus.io/docs/instrumenting/exposition_formats/#basic-info</remarks>
    public static ReadOnlySpan<byte> ContentTypePrometheusText => "text/plain; version=0.0.4; charset=utf-8"u8;

    /// <summary>Gets the OpenMetrics 1.0.0 media type.</summary>
    /// <remarks>https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md#overall-structure</remarks>
    public static ReadOnlySpan<byte> ContentTypeOpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8"u8;

    /// <summary>Gets the delimited protobuf media type Prometheus asks for with native histograms enabled.</summary>
    public static ReadOnlySpan<byte> ContentTypeProtobuf => "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"u8;

    public static ReadOnlySpan<byte> ContentTypeJson => "application/json; charset=utf-8"u8;

    public static ReadOnlySpan<byte> ContentTypeHtml => "text/html; charset=utf-8"u8;

    public static ReadOnlySpan<byte> ContentTypePlain => "text/plain; charset=utf-8"u8;

    public static ReadOnlySpan<byte> IndexBody =>
        "<html><head><title>TradingBot metrics</title></head><body><h1>TradingBot metrics</h1><ul><li><a href=\"/metrics\">/metrics</a>: Prometheus scrape</li><li><a href=\"/health\">/health</a>: component health (JSON)</li></ul></body></html>\n"u8;

    /// <summary>Gets the whole answer to a connection over the limit, sent before reading anything.</summary>
    public static ReadOnlySpan<byte> ServiceUnavailableResponse =>
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 37\r\nRetry-After: 1\r\nConnection: close\r\n\r\nToo many connections; try again soon\n"u8;

    private static ReadOnlySpan<byte> Http11Space => "HTTP/1.1 "u8;

    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    private static ReadOnlySpan<byte> DateColonSpace => "Date: "u8;

    private static ReadOnlySpan<byte> ContentTypeColonSpace => "Content-Type: "u8;

    private static ReadOnlySpan<byte> ContentLengthColonSpace => "Content-Length: "u8;

    private static ReadOnlySpan<byte> ContentEncodingGzip => "Content-Encoding: gzip\r\n"u8;

    // Caches must key scrapes on both negotiated fields (RFC 9110 section 12.5.5).
    private static ReadOnlySpan<byte> VaryAcceptEncoding => "Vary: Accept, Accept-Encoding\r\n"u8;

    private static ReadOnlySpan<byte> ConnectionClose => "Connection: close\r\n"u8;

    // RFC 9112 section 9.3: an HTTP/1.0 client keeps the connection only when told so explicitly.
    private static ReadOnlySpan<byte> ConnectionKeepAlive => "Connection: keep-alive\r\n"u8;

    // RFC 9110 section 15.5.6: a 405 MUST carry Allow.
    private static ReadOnlySpan<byte> AllowGetHead => "Allow: GET, HEAD\r\n"u8;

    private static ReadOnlySpan<byte> NoStore => "Cache-Control: no-store\r\n"u8;

    /// <summary>Returns the reason phrase for a status code the server sends.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <returns>The reason phrase as UTF-8.</returns>
    public static ReadOnlySpan<byte> ReasonPhrase(int statusCode) => statusCode switch
    {
        200 => "OK"u8,
        400 => "Bad Request"u8,
        401 => "Unauthorized"u8,
        404 => "Not Found"u8,
        405 => "Method Not Allowed"u8,
        408 => "Request Timeout"u8,
        414 => "URI Too Long"u8,
        431 => "Request Header Fields Too Large"u8,
        500 => "Internal Server Error"u8,
        503 => "Service Unavailable"u8,
        505 => "HTTP Version Not Supported"u8,
        _ => "Error"u8,
    };

    /// <summary>Writes a status line and the common header fields, ending with the empty line.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="head">What to write.</param>
    public static void WriteHead(IBufferWriter<byte> output, in ResponseHead head)
    {
        Span<byte> span = output.GetSpan(MaxHeadLength(head));
        output.Advance(WriteHead(span, head));
    }

    /// <summary>Gets a size that always holds the head: status code and Content-Length are at most 3 and 19 digits, the rest is constant.</summary>
    /// <param name="head">What will be written.</param>
    /// <returns>An upper bound on the head's length.</returns>
    public static int MaxHeadLength(in ResponseHead head) =>
        256 + ReasonPhrase(head.StatusCode).Length + head.ContentType.Length + head.Date.Length + head.ExtraHeaders.Length;

    /// <summary>Writes a status line and the common header fields into <paramref name="span"/>, which holds at least <see cref="MaxHeadLength"/> bytes.</summary>
    /// <param name="span">Where the bytes go.</param>
    /// <param name="head">What to write.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteHead(Span<byte> span, in ResponseHead head)
    {
        ReadOnlySpan<byte> reason = ReasonPhrase(head.StatusCode);
        int n = 0;
        n += Copy(Http11Space, span[n..]);
        Utf8Formatter.TryFormat(head.StatusCode, span[n..], out int written);
        n += written;
        span[n++] = (byte)' ';
        n += Copy(reason, span[n..]);
        n += Copy(CrLf, span[n..]);
        if (!head.Date.IsEmpty)
        {
            n += Copy(DateColonSpace, span[n..]);
            n += Copy(head.Date, span[n..]);
            n += Copy(CrLf, span[n..]);
        }

        n += Copy(ContentTypeColonSpace, span[n..]);
        n += Copy(head.ContentType, span[n..]);
        n += Copy(CrLf, span[n..]);
        if (head.Gzip)
        {
            n += Copy(ContentEncodingGzip, span[n..]);
        }

        if (head.Negotiated)
        {
            n += Copy(VaryAcceptEncoding, span[n..]);
            n += Copy(NoStore, span[n..]);
        }

        if (head.StatusCode == 405)
        {
            n += Copy(AllowGetHead, span[n..]);
        }

        n += Copy(head.ExtraHeaders, span[n..]);
        n += Copy(ContentLengthColonSpace, span[n..]);
        Utf8Formatter.TryFormat(head.ContentLength, span[n..], out written);
        n += written;
        n += Copy(CrLf, span[n..]);
        if (!head.KeepAlive)
        {
            n += Copy(ConnectionClose, span[n..]);
        }
        else if (!head.IsHttp11)
        {
            n += Copy(ConnectionKeepAlive, span[n..]);
        }

        n += Copy(CrLf, span[n..]);
        return n;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
