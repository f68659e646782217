using System;
using System.Buffers;
using System.Text;

namespace TradingBot.FastMetrics.Server;

/// <summary>
/// A pure HTTP/1.1 request-head parser: bytes in, one of need-more-data, a request, or a rejection out.
/// </summary>
/// <remarks>
/// It owns no state and no I/O, so it is tested and benchmarked without a socket. Grammar and the
/// choices where RFC 9112 lets a server pick are cited inline; we take the strict choice each time,
/// because a metrics endpoint has no legacy clients to be lenient for and every leniency is a request
/// smuggling surface. See https://www.rfc-editor.org/rfc/rfc9112.
/// </remarks>
internal static partial class Http1RequestParser
{
    // Field lines at most this long are parsed from the stack when they span segments; longer ones rent.
    private const int StackLineBytes = 256;

    private static ReadOnlySpan<byte> Get => "GET"u8;

    private static ReadOnlySpan<byte> Head => "HEAD"u8;

    private static ReadOnlySpan<byte> HttpSlash => "HTTP/"u8;

    private static ReadOnlySpan<byte> MetricsPath => "/metrics"u8;

    private static ReadOnlySpan<byte> HealthPath => "/health"u8;

    /// <summary>Parses one request head from the start of <paramref name="buffer"/>, from scratch.</summary>
    /// <param name="buffer">The bytes received and not yet consumed.</param>
    /// <param name="limits">Size limits.</param>
    /// <param name="request">The request, when the result is <see cref="ParseStatus.Complete"/>.</param>
    /// <param name="consumed">
    /// The end of the request head when complete; <c>buffer.Start</c> otherwise (nothing consumed).
    /// </param>
    /// <param name="rejection">The reason, when the result is <see cref="ParseStatus.Rejected"/>.</param>
    /// <returns>Whether the head is incomplete, complete or rejected. Never throws for any input.</returns>
    public static ParseStatus TryParse(
        in ReadOnlySequence<byte> buffer,
        in HttpParserLimits limits,
        out HttpRequestHead request,
        out SequencePosition consumed,
        out RequestRejection rejection)
    {
        var state = default(ParseState);
        return TryParse(buffer, limits, ref state, out request, out consumed, out rejection);
    }

    /// <summary>Resumes parsing one request head where the last call on the same head stopped.</summary>
    /// <param name="buffer">
    /// The bytes received and not yet consumed: the same start as the previous call on this head, with
    /// more bytes after it (a <c>PipeReader</c> advanced to <c>(head start, examined end)</c> gives exactly that).
    /// </param>
    /// <param name="limits">Size limits.</param>
    /// <param name="state">
    /// Progress through the head; <c>default</c> for a new head, and reset to <c>default</c> by the caller
    /// after a complete or rejected head. Lines already parsed are not parsed again and an unterminated
    /// line is searched for its LF only past where the previous call stopped, so a head delivered one
    /// byte per call examines each byte a bounded number of times (<see cref="ParseState.BytesExamined"/>).
    /// </param>
    /// <param name="request">The request, when the result is <see cref="ParseStatus.Complete"/>.</param>
    /// <param name="consumed">The end of the request head when complete; <c>buffer.Start</c> otherwise.</param>
    /// <param name="rejection">The reason, when the result is <see cref="ParseStatus.Rejected"/>.</param>
    /// <returns>Whether the head is incomplete, complete or rejected. Never throws for any input.</returns>
    public static ParseStatus TryParse(
        in ReadOnlySequence<byte> buffer,
        in HttpParserLimits limits,
        ref ParseState state,
        out HttpRequestHead request,
        out SequencePosition consumed,
        out RequestRejection rejection)
    {
        request = default;
        consumed = buffer.Start;
        if (!state.HasRequestLine)
        {
            ParseStatus status = TryParseRequestLine(buffer, limits, ref state, out rejection);
            if (status != ParseStatus.Complete)
            {
                return status;
            }
        }

        while (true)
        {
            if (!TryReadLine(buffer, ref state, out ReadOnlySequence<byte> fieldLine))
            {
                // RFC 6585 section 5: 431 when the header fields are too large; decided as soon as the
                // buffered, unterminated section already exceeds the limit, without waiting for more.
                return state.HeaderBytes + (buffer.Length - state.LineStart) > limits.MaxHeaderBytes
                    ? Reject(RequestRejection.HeadersTooLarge, out rejection)
                    : NeedMoreData(out rejection);
            }

            state.HeaderBytes += fieldLine.Length + 1;
            if (state.HeaderBytes > limits.MaxHeaderBytes)
            {
                return Reject(RequestRejection.HeadersTooLarge, out rejection);
            }

            // RFC 9112 section 2.2: lines end in CRLF; we do not accept a bare LF as a terminator.
            if (fieldLine.Length == 0 || LastByte(fieldLine) != '\r')
            {
                return Reject(RequestRejection.BareLineTerminator, out rejection);
            }

            if (fieldLine.Length == 1)
            {
                break;
            }

            if (++state.HeaderCount > limits.MaxHeaderCount)
            {
                return Reject(RequestRejection.TooManyHeaders, out rejection);
            }

            state.BytesExamined += fieldLine.Length;
            rejection = ParseFieldLine(fieldLine.Slice(0, fieldLine.Length - 1), ref state.Fields);
            if (rejection != RequestRejection.None)
            {
                return ParseStatus.Rejected;
            }
        }

        rejection = Validate(in state.Fields, state.IsHttp11, state.Deferred);
        if (rejection != RequestRejection.None)
        {
            return ParseStatus.Rejected;
        }

        request = new HttpRequestHead(
            state.Method, state.Target, state.IsHttp11, state.Fields.KeepAlive, state.Fields.Accept, state.Fields.AcceptEncoding, state.Fields.Authorization);
        consumed = buffer.GetPosition(state.LineStart);
        return ParseStatus.Complete;
    }

    private static ParseStatus TryParseRequestLine(in ReadOnlySequence<byte> buffer, in HttpParserLimits limits, ref ParseState state, out RequestRejection rejection)
    {
        // RFC 9112 section 2.2: a server SHOULD ignore at least one empty line (CRLF) received before the
        // request-line. We ignore any number, but they count towards the request-line limit. Skipped
        // CRLFs move LineStart, so they are not examined again on the next call.
        if (state.ScannedTo <= state.LineStart)
        {
            var reader = new SequenceReader<byte>(buffer.Slice(state.LineStart));
            while (reader.TryPeek(out byte first) && (first == '\r' || first == '\n'))
            {
                if (first == '\n' || (reader.TryPeek(1, out byte second) && second != '\n'))
                {
                    return Reject(RequestRejection.BareLineTerminator, out rejection);
                }

                if (reader.Remaining < 2)
                {
                    return NeedMoreData(out rejection);
                }

                reader.Advance(2);
                state.LineStart += 2;
                state.ScannedTo = state.LineStart;
                state.BytesExamined += 2;
                if (state.LineStart > limits.MaxRequestLineBytes)
                {
                    return Reject(RequestRejection.RequestLineTooLong, out rejection);
                }
            }
        }

        long skipped = state.LineStart;
        if (!TryReadLine(buffer, ref state, out ReadOnlySequence<byte> requestLine))
        {
            // No LF yet: wait, unless the line is already past the limit (RFC 9112 section 3: a server
            // that receives a request-target longer than it wishes to parse MUST respond 414).
            return buffer.Length > limits.MaxRequestLineBytes
                ? Reject(RequestRejection.RequestLineTooLong, out rejection)
                : NeedMoreData(out rejection);
        }

        if (skipped + requestLine.Length + 1 > limits.MaxRequestLineBytes)
        {
            return Reject(RequestRejection.RequestLineTooLong, out rejection);
        }

        state.BytesExamined += requestLine.Length;
        rejection = ParseRequestLine(requestLine, out state.Method, out state.Target, out state.IsHttp11, out state.Deferred);
        if (rejection != RequestRejection.None)
        {
            return ParseStatus.Rejected;
        }

        state.HasRequestLine = true;
        state.Fields = new FieldState { KeepAlive = state.IsHttp11 };
        return ParseStatus.Complete;
    }

    /// <summary>Finds the next LF at or after LineStart, searching only bytes not searched before.</summary>
    /// <returns>True with the line (without its LF) and LineStart moved past it; false when no LF has arrived yet.</returns>
    private static bool TryReadLine(in ReadOnlySequence<byte> buffer, ref ParseState state, out ReadOnlySequence<byte> line)
    {
        long from = Math.Max(state.ScannedTo, state.LineStart);
        ReadOnlySequence<byte> unsearched = buffer.Slice(from);
        SequencePosition? lf = unsearched.PositionOf((byte)'\n');
        if (lf is null)
        {
            state.BytesExamined += unsearched.Length;
            state.ScannedTo = buffer.Length;
            line = default;
            return false;
        }

        long lfOffset = from + unsearched.Slice(0, lf.Value).Length;
        state.BytesExamined += lfOffset - from + 1;
        line = buffer.Slice(state.LineStart, lfOffset - state.LineStart);
        state.LineStart = lfOffset + 1;
        state.ScannedTo = state.LineStart;
        return true;
    }

    private static RequestRejection Validate(in FieldState fields, bool isHttp11, RequestRejection deferred)
    {
        // RFC 9112 section 6.1: a request with both Transfer-Encoding and Content-Length is a smuggling
        // attempt; the server MAY reject it and MUST close the connection afterwards.
        if (fields.HasTransferEncoding)
        {
            return fields.ContentLength >= 0 ? RequestRejection.ContentLengthWithTransferEncoding : RequestRejection.TransferEncodingNotAllowed;
        }

        if (fields.ContentLength > 0)
        {
            return RequestRejection.BodyNotAllowed;
        }

        // RFC 9112 section 3.2: 400 for an HTTP/1.1 request without Host, and for any request with more than one.
        if (fields.HostCount > 1 || (isHttp11 && fields.HostCount == 0))
        {
            return RequestRejection.InvalidHost;
        }

        // Method and path are checked last, so a request with a body is refused for its framing first.
        return deferred;
    }

    private static RequestRejection ParseRequestLine(
        ReadOnlySequence<byte> line,
        out HttpMethod method,
        out RequestTarget target,
        out bool isHttp11,
        out RequestRejection deferred)
    {
        method = HttpMethod.Get;
        target = RequestTarget.Index;
        isHttp11 = false;
        deferred = RequestRejection.None;
        if (line.Length == 0 || LastByte(line) != '\r')
        {
            return RequestRejection.BareLineTerminator;
        }

        line = line.Slice(0, line.Length - 1);
        if (line.IsSingleSegment)
        {
            return ParseRequestLine(line.FirstSpan, out method, out target, out isHttp11, out deferred);
        }

        // Already bounded by MaxRequestLineBytes.
        byte[]? rented = null;
        int length = (int)line.Length;
        Span<byte> copy = length <= StackLineBytes ? stackalloc byte[StackLineBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            copy = copy[..length];
            line.CopyTo(copy);
            return ParseRequestLine(copy, out method, out target, out isHttp11, out deferred);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static RequestRejection ParseRequestLine(
        ReadOnlySpan<byte> line,
        out HttpMethod method,
        out RequestTarget target,
        out bool isHttp11,
        out RequestRejection deferred)
    {
        method = HttpMethod.Get;
        target = RequestTarget.Index;
        isHttp11 = false;
        deferred = RequestRejection.None;
        int invalid = HttpCharacters.IndexOfInvalidRequestLineByte(line);
        if (invalid >= 0)
        {
            return line[invalid] == '\r' ? RequestRejection.BareLineTerminator : RequestRejection.InvalidCharacter;
        }

        // RFC 9112 section 3: request-line = method SP request-target SP HTTP-version, single spaces.
        int space = line.IndexOf((byte)' ');
        if (space <= 0)
        {
            return RequestRejection.InvalidRequestLine;
        }

        ReadOnlySpan<byte> methodBytes = line[..space];
        ReadOnlySpan<byte> rest = line[(space + 1)..];
        space = rest.IndexOf((byte)' ');
        if (space < 0)
        {
            return RequestRejection.InvalidRequestLine;
        }

        ReadOnlySpan<byte> targetBytes = rest[..space];
        ReadOnlySpan<byte> version = rest[(space + 1)..];
        if (!HttpCharacters.IsToken(methodBytes))
        {
            return RequestRejection.InvalidMethod;
        }

        RequestRejection rejection = ParseTarget(targetBytes, out target, out bool found);
        if (rejection != RequestRejection.None)
        {
            return rejection;
        }

        // RFC 9112 section 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive.
        if (version.Length != 8 || !version.StartsWith(HttpSlash) || !IsDigit(version[5]) || version[6] != '.' || !IsDigit(version[7]))
        {
            return RequestRejection.InvalidVersion;
        }

        if (version[5] != '1' || (version[7] != '0' && version[7] != '1'))
        {
            return RequestRejection.UnsupportedVersion;
        }

        isHttp11 = version[7] == '1';

        // RFC 9110 section 9.1: methods are case-sensitive, so "get" is an unknown method, not GET.
        if (methodBytes.SequenceEqual(Get))
        {
            method = HttpMethod.Get;
        }
        else if (methodBytes.SequenceEqual(Head))
        {
            method = HttpMethod.Head;
        }
        else
        {
            deferred = RequestRejection.MethodNotAllowed;
        }

        if (deferred == RequestRejection.None && !found)
        {
            deferred = RequestRejection.NotFound;
        }

        return RequestRejection.None;
    }

    private static RequestRejection ParseTarget(ReadOnlySpan<byte> targetBytes, out RequestTarget target, out bool found)
    {
        target = RequestTarget.Index;
        found = false;
        if (targetBytes.IsEmpty)
        {
            // Two spaces in a row: the request line's grammar, not the target's, is broken.
            return RequestRejection.InvalidRequestLine;
        }

        if (!HttpCharacters.IsValidTarget(targetBytes))
        {
            return RequestRejection.InvalidRequestTarget;
        }

        ReadOnlySpan<byte> path;
        if (targetBytes[0] == '/')
        {
            path = targetBytes;
        }
        else if (TrySkipAuthority(targetBytes, out path))
        {
            // RFC 9112 section 3.2.2: a server MUST accept the absolute-form; its authority is ignored here.
        }
        else
        {
            return RequestRejection.InvalidRequestTarget;
        }

        // The query string is ignored: /metrics?name[]=x serves the whole scrape.
        int query = path.IndexOf((byte)'?');
        if (query >= 0)
        {
            path = path[..query];
        }

        if (path.Length == 0 || (path.Length == 1 && path[0] == '/'))
        {
            target = RequestTarget.Index;
            found = true;
        }
        else if (path.SequenceEqual(MetricsPath))
        {
            target = RequestTarget.Metrics;
            found = true;
        }
        else if (path.SequenceEqual(HealthPath))
        {
            target = RequestTarget.Health;
            found = true;
        }

        return RequestRejection.None;
    }

    private static bool TrySkipAuthority(ReadOnlySpan<byte> target, out ReadOnlySpan<byte> path)
    {
        path = default;
        int schemeEnd = target.IndexOf("://"u8);
        if (schemeEnd <= 0)
        {
            return false;
        }

        ReadOnlySpan<byte> scheme = target[..schemeEnd];
        if (!Ascii.EqualsIgnoreCase(scheme, "http"u8) && !Ascii.EqualsIgnoreCase(scheme, "https"u8))
        {
            return false;
        }

        ReadOnlySpan<byte> afterScheme = target[(schemeEnd + 3)..];
        int pathStart = afterScheme.IndexOfAny((byte)'/', (byte)'?');
        if (pathStart == 0)
        {
            return false;
        }

        path = pathStart < 0 ? default : afterScheme[pathStart..];
        return true;
    }

    private static byte LastByte(in ReadOnlySequence<byte> sequence) =>
        sequence.IsSingleSegment ? sequence.FirstSpan[^1] : sequence.Slice(sequence.Length - 1).FirstSpan[0];

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static ParseStatus NeedMoreData(out RequestRejection rejection)
    {
        rejection = RequestRejection.None;
        return ParseStatus.NeedMoreData;
    }

    private static ParseStatus Reject(RequestRejection reason, out RequestRejection rejection)
    {
        rejection = reason;
        return ParseStatus.Rejected;
    }
}
