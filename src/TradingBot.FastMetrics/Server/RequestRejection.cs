namespace TradingBot.FastMetrics.Server;

/// <summary>Why the HTTP/1.1 parser or the router refused a request.</summary>
/// <remarks>
/// Every reason maps to exactly one status code in <see cref="RequestRejectionStatus"/>, and every
/// rejected request closes its connection: after a framing error the byte stream can no longer be trusted.
/// </remarks>
internal enum RequestRejection
{
    /// <summary>Not rejected.</summary>
    None,

    /// <summary>The request line is not <c>method SP request-target SP HTTP-version CRLF</c>.</summary>
    InvalidRequestLine,

    /// <summary>The method is not a token.</summary>
    InvalidMethod,

    /// <summary>The request target is empty, has a control or space byte, or is not origin- or absolute-form.</summary>
    InvalidRequestTarget,

    /// <summary>The version is not <c>HTTP/DIGIT.DIGIT</c>.</summary>
    InvalidVersion,

    /// <summary>A well-formed version other than HTTP/1.0 or HTTP/1.1.</summary>
    UnsupportedVersion,

    /// <summary>A CR not followed by LF, or a line ended by a bare LF.</summary>
    BareLineTerminator,

    /// <summary>A NUL or other control byte in the request line or a field.</summary>
    InvalidCharacter,

    /// <summary>A field line without a colon.</summary>
    MissingColon,

    /// <summary>Whitespace between a field name and its colon (RFC 9112 section 5.1 requires a 400).</summary>
    WhitespaceBeforeColon,

    /// <summary>An empty or non-token field name.</summary>
    InvalidHeaderName,

    /// <summary>A field line starting with whitespace: obsolete line folding.</summary>
    ObsoleteLineFolding,

    /// <summary>An HTTP/1.1 request with no <c>Host</c>, or with more than one.</summary>
    InvalidHost,

    /// <summary>A <c>Content-Length</c> that is not a decimal number.</summary>
    InvalidContentLength,

    /// <summary>Two <c>Content-Length</c> fields with different values.</summary>
    ConflictingContentLength,

    /// <summary>A <c>Content-Length</c> above zero: these endpoints take no body.</summary>
    BodyNotAllowed,

    /// <summary>A <c>Transfer-Encoding</c> field: these endpoints take no body.</summary>
    TransferEncodingNotAllowed,

    /// <summary>Both <c>Content-Length</c> and <c>Transfer-Encoding</c>: the classic smuggling shape.</summary>
    ContentLengthWithTransferEncoding,

    /// <summary>The request line is longer than the limit.</summary>
    RequestLineTooLong,

    /// <summary>The header section is larger than the limit.</summary>
    HeadersTooLarge,

    /// <summary>More header fields than the limit.</summary>
    TooManyHeaders,

    /// <summary>A method other than GET or HEAD.</summary>
    MethodNotAllowed,

    /// <summary>A path other than <c>/</c>, <c>/metrics</c> and <c>/health</c>.</summary>
    NotFound,

    /// <summary>The head took more reads than <c>MetricsServerOptions.MaxRequestHeadReads</c>: a client trickling bytes.</summary>
    HeadTooSlow,
}
