using System;

namespace TradingBot.FastMetrics.Server;

/// <summary>The variable parts of a response head, gathered for <c>HttpResponses.WriteHead</c>.</summary>
internal readonly ref struct ResponseHead
{
    public ResponseHead(int statusCode, ReadOnlySpan<byte> contentType, long contentLength, bool keepAlive, bool isHttp11)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        ContentLength = contentLength;
        KeepAlive = keepAlive;
        IsHttp11 = isHttp11;
    }

    public int StatusCode { get; }

    public ReadOnlySpan<byte> ContentType { get; }

    public long ContentLength { get; }

    public bool KeepAlive { get; }

    public bool IsHttp11 { get; }

    /// <summary>Gets the IMF-fixdate for the <c>Date</c> field (RFC 9110 section 6.6.1), or empty for none.</summary>
    public ReadOnlySpan<byte> Date { get; init; }

    public bool Gzip { get; init; }

    /// <summary>Gets whether the body depends on Accept/Accept-Encoding, so <c>Vary</c> is sent.</summary>
    public bool Negotiated { get; init; }

    /// <summary>Gets complete extra field lines, each ending in CRLF (such as <c>WWW-Authenticate</c>).</summary>
    public ReadOnlySpan<byte> ExtraHeaders { get; init; }
}
