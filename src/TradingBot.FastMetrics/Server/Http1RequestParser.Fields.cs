using System;
using System.Buffers;
using System.Text;

namespace TradingBot.FastMetrics.Server;

/// <content>Field lines: syntax, and the few fields the server acts on (Host, Content-Length, Transfer-Encoding, Connection, Accept, Accept-Encoding, Authorization).</content>
internal static partial class Http1RequestParser
{
    private static RequestRejection ParseFieldLine(ReadOnlySequence<byte> line, ref FieldState fields)
    {
        if (line.IsSingleSegment)
        {
            return ParseFieldLine(line.FirstSpan, line, ref fields);
        }

        // Bounded by MaxHeaderBytes.
        byte[]? rented = null;
        int length = (int)line.Length;
        Span<byte> copy = length <= StackLineBytes ? stackalloc byte[StackLineBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            copy = copy[..length];
            line.CopyTo(copy);
            return ParseFieldLine(copy, line, ref fields);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static RequestRejection ParseFieldLine(ReadOnlySpan<byte> line, ReadOnlySequence<byte> source, ref FieldState fields)
    {
        // RFC 9112 section 5.2: obs-fold is deprecated; outside message/http a server MUST either reject
        // it with 400 or unfold it. We reject.
        if (line[0] == ' ' || line[0] == '\t')
        {
            return RequestRejection.ObsoleteLineFolding;
        }

        // RFC 9110 section 5.5: field values are VCHAR, obs-text, SP and HTAB; CR, LF and NUL MUST be
        // rejected or replaced (we reject), and other controls are invalid too.
        int invalid = HttpCharacters.IndexOfInvalidFieldLineByte(line);
        if (invalid >= 0)
        {
            return line[invalid] == '\r' ? RequestRejection.BareLineTerminator : RequestRejection.InvalidCharacter;
        }

        int colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            return RequestRejection.MissingColon;
        }

        ReadOnlySpan<byte> name = line[..colon];
        if (name.IsEmpty)
        {
            return RequestRejection.InvalidHeaderName;
        }

        // RFC 9112 section 5.1: no whitespace is allowed between the field name and colon; a server
        // MUST reject such a request with 400.
        if (name[^1] == ' ' || name[^1] == '\t')
        {
            return RequestRejection.WhitespaceBeforeColon;
        }

        if (!HttpCharacters.IsToken(name))
        {
            return RequestRejection.InvalidHeaderName;
        }

        // RFC 9112 section 5: field-line = field-name ":" OWS field-value OWS.
        int start = colon + 1;
        int end = line.Length;
        while (start < end && (line[start] == ' ' || line[start] == '\t'))
        {
            start++;
        }

        while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t'))
        {
            end--;
        }

        ReadOnlySpan<byte> value = line[start..end];
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "host"u8):
                fields.HostCount++;
                break;
            case 6 when Ascii.EqualsIgnoreCase(name, "accept"u8):
                fields.Accept = source.Slice(start, end - start);
                break;
            case 10 when Ascii.EqualsIgnoreCase(name, "connection"u8):
                ParseConnection(value, ref fields);
                break;
            case 13 when Ascii.EqualsIgnoreCase(name, "authorization"u8):
                fields.Authorization = source.Slice(start, end - start);
                break;
            case 14 when Ascii.EqualsIgnoreCase(name, "content-length"u8):
                return ParseContentLength(value, ref fields);
            case 15 when Ascii.EqualsIgnoreCase(name, "accept-encoding"u8):
                fields.AcceptEncoding = source.Slice(start, end - start);
                break;
            case 17 when Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8):
                fields.HasTransferEncoding = true;
                break;
        }

        return RequestRejection.None;
    }

    private static RequestRejection ParseContentLength(ReadOnlySpan<byte> value, ref FieldState fields)
    {
        // RFC 9110 section 8.6: Content-Length = 1*DIGIT. A list ("5, 5") is refused rather than merged.
        if (value.IsEmpty)
        {
            return RequestRejection.InvalidContentLength;
        }

        long length = 0;
        foreach (byte b in value)
        {
            if (!IsDigit(b))
            {
                return RequestRejection.InvalidContentLength;
            }

            // Saturate instead of overflowing: any huge length is simply "a body".
            length = length > (long.MaxValue - 9) / 10 ? long.MaxValue : (length * 10) + (b - '0');
        }

        // RFC 9112 section 6.3: differing Content-Length values are unrecoverable framing errors.
        if (fields.ContentLength >= 0 && fields.ContentLength != length)
        {
            return RequestRejection.ConflictingContentLength;
        }

        fields.ContentLength = length;
        return RequestRejection.None;
    }

    private static void ParseConnection(ReadOnlySpan<byte> value, ref FieldState fields)
    {
        // RFC 9112 section 9.3: "close" ends the connection after this response; HTTP/1.0 persists only
        // with "keep-alive". Connection is a comma-separated list of case-insensitive tokens.
        while (!value.IsEmpty)
        {
            int comma = value.IndexOf((byte)',');
            ReadOnlySpan<byte> item = (comma < 0 ? value : value[..comma]).Trim(" \t"u8);
            value = comma < 0 ? default : value[(comma + 1)..];
            if (Ascii.EqualsIgnoreCase(item, "close"u8))
            {
                fields.Close = true;
            }
            else if (Ascii.EqualsIgnoreCase(item, "keep-alive"u8))
            {
                fields.KeepAlive = true;
            }
        }

        if (fields.Close)
        {
            fields.KeepAlive = false;
        }
    }

    // Mutable struct, do not make readonly: filled in field by field through a ref.
    internal struct FieldState
    {
        public FieldState()
        {
        }

        public long ContentLength { get; set; } = -1;

        public bool HasTransferEncoding { get; set; }

        public int HostCount { get; set; }

        public bool KeepAlive { get; set; }

        public bool Close { get; set; }

        public ReadOnlySequence<byte> Accept { get; set; }

        public ReadOnlySequence<byte> AcceptEncoding { get; set; }

        public ReadOnlySequence<byte> Authorization { get; set; }
    }
}
