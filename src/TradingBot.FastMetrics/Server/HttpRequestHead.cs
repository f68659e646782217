using System.Buffers;

namespace TradingBot.FastMetrics.Server;

/// <summary>What the server needs from one parsed request head.</summary>
/// <remarks>
/// The field values are slices of the connection's read buffer: they are valid only until the connection
/// advances its <c>PipeReader</c> past them, which it does after answering. An absent field is empty.
/// </remarks>
internal readonly struct HttpRequestHead
{
    public HttpRequestHead(
        HttpMethod method,
        RequestTarget target,
        bool isHttp11,
        bool keepAlive,
        ReadOnlySequence<byte> accept,
        ReadOnlySequence<byte> acceptEncoding,
        ReadOnlySequence<byte> authorization)
    {
        Method = method;
        Target = target;
        IsHttp11 = isHttp11;
        KeepAlive = keepAlive;
        Accept = accept;
        AcceptEncoding = acceptEncoding;
        Authorization = authorization;
    }

    public HttpMethod Method { get; }

    public RequestTarget Target { get; }

    /// <summary>Gets whether the request was HTTP/1.1 (otherwise HTTP/1.0).</summary>
    public bool IsHttp11 { get; }

    /// <summary>Gets whether the connection may stay open after the response (RFC 9112 section 9.3).</summary>
    public bool KeepAlive { get; }

    public ReadOnlySequence<byte> Accept { get; }

    public ReadOnlySequence<byte> AcceptEncoding { get; }

    public ReadOnlySequence<byte> Authorization { get; }
}
