using System;
using System.Buffers;
using System.Text;
using TradingBot.FastMetrics.Exposition;

namespace TradingBot.FastMetrics.Server;

/// <summary>Content negotiation by q-values: the exposition format from <c>Accept</c>, gzip from <c>Accept-Encoding</c>.</summary>
/// <remarks>
/// Grammar: RFC 9110 section 12.5.1 (Accept), 12.5.3 (Accept-Encoding) and 12.4.2 (qvalue), at
/// https://www.rfc-editor.org/rfc/rfc9110#section-12.5. Q-values are kept as integers in thousandths.
/// Malformed list members are skipped rather than failing the request: negotiation only ever falls
/// back to the Prometheus text format 0.0.4 and identity encoding.
/// </remarks>
internal static class AcceptNegotiator
{
    private const int StackBytes = 512;
    private const int Unset = -1;

    /// <summary>Picks protobuf or OpenMetrics when the client prefers it by q-value, else the text format 0.0.4.</summary>
    /// <param name="accept">The <c>Accept</c> field value; empty when absent.</param>
    /// <returns>The format to answer with.</returns>
    public static ExpositionFormat ChooseFormat(in ReadOnlySequence<byte> accept)
    {
        if (accept.IsEmpty)
        {
            return ExpositionFormat.PrometheusText;
        }

        if (accept.IsSingleSegment)
        {
            return ChooseFormat(accept.FirstSpan);
        }

        // Rare (a header split across segments): decide twice over the flattened copy rather than widen the helper.
        return WithFlattened(accept, static span => ChooseFormat(span) == ExpositionFormat.Protobuf) ? ExpositionFormat.Protobuf
            : WithFlattened(accept, static span => ChooseFormat(span) == ExpositionFormat.OpenMetrics) ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.PrometheusText;
    }

    /// <summary>Returns whether the client accepts gzip with a q-value above zero.</summary>
    /// <param name="acceptEncoding">The <c>Accept-Encoding</c> field value; empty when absent.</param>
    /// <returns>True when a gzip response is acceptable.</returns>
    public static bool AcceptsGzip(in ReadOnlySequence<byte> acceptEncoding)
    {
        if (acceptEncoding.IsEmpty)
        {
            return false;
        }

        return acceptEncoding.IsSingleSegment ? AcceptsGzip(acceptEncoding.FirstSpan) : WithFlattened(acceptEncoding, static span => AcceptsGzip(span));
    }

    /// <summary>Picks the format from a flat <c>Accept</c> value.</summary>
    /// <param name="accept">The field value.</param>
    /// <returns>The format to answer with.</returns>
    public static ExpositionFormat ChooseFormat(ReadOnlySpan<byte> accept)
    {
        // For each representation, the q of the most specific matching range wins (RFC 9110 section
        // 12.5.1): exact type beats type/*, which beats */*.
        int openMetricsQ = Unset, openMetricsSpecificity = -1;
        int textQ = Unset, textSpecificity = -1;
        int protobufQ = Unset;
        while (NextMember(ref accept, out ReadOnlySpan<byte> member))
        {
            // Protobuf only by its exact media type with proto and encoding: */* keeps meaning text.
            if (IsDelimitedMetricFamily(member, out int delimitedQ))
            {
                protobufQ = Math.Max(protobufQ, delimitedQ);
                continue;
            }

            if (!TryParseMediaRange(member, out ReadOnlySpan<byte> type, out ReadOnlySpan<byte> subtype, out ReadOnlySpan<byte> version, out int q))
            {
                continue;
            }

            bool anyType = type.SequenceEqual("*"u8);
            bool anySubtype = subtype.SequenceEqual("*"u8);
            if (anyType && !anySubtype)
            {
                continue;
            }

            // application/openmetrics-text; version=1.0.0 (or no version) is what we produce.
            int specificity = anyType ? 0 : anySubtype ? 1 : 2;
            if (anyType || (Ascii.EqualsIgnoreCase(type, "application"u8) && (anySubtype || Ascii.EqualsIgnoreCase(subtype, "openmetrics-text"u8))))
            {
                bool versionOk = specificity < 2 || version.IsEmpty || version.SequenceEqual("1.0.0"u8);
                if (versionOk && specificity > openMetricsSpecificity)
                {
                    openMetricsSpecificity = specificity;
                    openMetricsQ = q;
                }
            }

            if (anyType || (Ascii.EqualsIgnoreCase(type, "text"u8) && (anySubtype || Ascii.EqualsIgnoreCase(subtype, "plain"u8))))
            {
                bool versionOk = specificity < 2 || version.IsEmpty || version.SequenceEqual("0.0.4"u8);
                if (versionOk && specificity > textSpecificity)
                {
                    textSpecificity = specificity;
                    textQ = q;
                }
            }
        }

        // Ties, and "neither acceptable", fall back to the classic text format (the rule).
        if (protobufQ > 0 && protobufQ > Math.Max(Math.Max(openMetricsQ, textQ), 0))
        {
            return ExpositionFormat.Protobuf;
        }

        return openMetricsQ > 0 && openMetricsQ > Math.Max(textQ, 0) ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }

    /// <summary>Returns whether a flat <c>Accept-Encoding</c> value allows gzip.</summary>
    /// <param name="acceptEncoding">The field value.</param>
    /// <returns>True when gzip (or <c>x-gzip</c>, or <c>*</c> without an explicit gzip entry) has q above zero.</returns>
    public static bool AcceptsGzip(ReadOnlySpan<byte> acceptEncoding)
    {
        int gzipQ = Unset, anyQ = Unset;
        while (NextMember(ref acceptEncoding, out ReadOnlySpan<byte> member))
        {
            int semicolon = member.IndexOf((byte)';');
            ReadOnlySpan<byte> coding = (semicolon < 0 ? member : member[..semicolon]).Trim(" \t"u8);
            int q = 1000;
            if (semicolon >= 0 && !TryParseParameters(member[(semicolon + 1)..], out _, out q))
            {
                continue;
            }

            if (Ascii.EqualsIgnoreCase(coding, "gzip"u8) || Ascii.EqualsIgnoreCase(coding, "x-gzip"u8))
            {
                gzipQ = q;
            }
            else if (coding.SequenceEqual("*"u8))
            {
                anyQ = q;
            }
        }

        return (gzipQ != Unset ? gzipQ : anyQ) > 0;
    }

    /// <summary>Whether a member is <c>application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited</c>.</summary>
    /// <remarks>The media type Prometheus asks for with native histograms enabled (its scrape Accept header).</remarks>
    private static bool IsDelimitedMetricFamily(ReadOnlySpan<byte> member, out int q)
    {
        q = 1000;
        int semicolon = member.IndexOf((byte)';');
        if (semicolon < 0 || !Ascii.EqualsIgnoreCase(member[..semicolon].Trim(" \t"u8), "application/vnd.google.protobuf"u8))
        {
            return false;
        }

        return TryParseParameters(member[(semicolon + 1)..], out _, out q, out ReadOnlySpan<byte> proto, out ReadOnlySpan<byte> encoding)
            && proto.SequenceEqual("io.prometheus.client.MetricFamily"u8)
            && Ascii.EqualsIgnoreCase(encoding, "delimited"u8);
    }

    private static bool NextMember(ref ReadOnlySpan<byte> list, out ReadOnlySpan<byte> member)
    {
        while (!list.IsEmpty)
        {
            int comma = list.IndexOf((byte)',');
            member = (comma < 0 ? list : list[..comma]).Trim(" \t"u8);
            list = comma < 0 ? default : list[(comma + 1)..];
            if (!member.IsEmpty)
            {
                return true;
            }
        }

        member = default;
        return false;
    }

    private static bool TryParseMediaRange(
        ReadOnlySpan<byte> member,
        out ReadOnlySpan<byte> type,
        out ReadOnlySpan<byte> subtype,
        out ReadOnlySpan<byte> version,
        out int q)
    {
        type = subtype = version = default;
        q = 1000;
        int semicolon = member.IndexOf((byte)';');
        ReadOnlySpan<byte> range = (semicolon < 0 ? member : member[..semicolon]).Trim(" \t"u8);
        int slash = range.IndexOf((byte)'/');
        if (slash <= 0 || slash == range.Length - 1)
        {
            return false;
        }

        type = range[..slash];
        subtype = range[(slash + 1)..];
        return semicolon < 0 || TryParseParameters(member[(semicolon + 1)..], out version, out q);
    }

    private static bool TryParseParameters(ReadOnlySpan<byte> parameters, out ReadOnlySpan<byte> version, out int q) =>
        TryParseParameters(parameters, out version, out q, out _, out _);

    private static bool TryParseParameters(
        ReadOnlySpan<byte> parameters,
        out ReadOnlySpan<byte> version,
        out int q,
        out ReadOnlySpan<byte> proto,
        out ReadOnlySpan<byte> encoding)
    {
        version = proto = encoding = default;
        q = 1000;
        while (!parameters.IsEmpty)
        {
            int semicolon = parameters.IndexOf((byte)';');
            ReadOnlySpan<byte> parameter = (semicolon < 0 ? parameters : parameters[..semicolon]).Trim(" \t"u8);
            parameters = semicolon < 0 ? default : parameters[(semicolon + 1)..];
            int equals = parameter.IndexOf((byte)'=');
            if (equals <= 0)
            {
                continue;
            }

            ReadOnlySpan<byte> name = parameter[..equals].Trim(" \t"u8);
            ReadOnlySpan<byte> value = parameter[(equals + 1)..].Trim(" \t"u8).Trim((byte)'"');
            if (Ascii.EqualsIgnoreCase(name, "q"u8))
            {
                if (!TryParseQValue(value, out q))
                {
                    return false;
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "version"u8))
            {
                version = value;
            }
            else if (Ascii.EqualsIgnoreCase(name, "proto"u8))
            {
                proto = value;
            }
            else if (Ascii.EqualsIgnoreCase(name, "encoding"u8))
            {
                encoding = value;
            }
        }

        return true;
    }

    /// <summary>Parses <c>qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )</c> into thousandths.</summary>
    /// <param name="value">The value after <c>q=</c>.</param>
    /// <param name="q">The q-value times 1000.</param>
    /// <returns>False for anything outside the grammar.</returns>
    public static bool TryParseQValue(ReadOnlySpan<byte> value, out int q)
    {
        q = 0;
        if (value.IsEmpty || value.Length > 5 || (value[0] != '0' && value[0] != '1'))
        {
            return false;
        }

        int whole = value[0] - '0';
        if (value.Length == 1)
        {
            q = whole * 1000;
            return true;
        }

        if (value[1] != '.')
        {
            return false;
        }

        int fraction = 0;
        int scale = 100;
        foreach (byte b in value[2..])
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }

            fraction += (b - '0') * scale;
            scale /= 10;
        }

        if (whole == 1 && fraction != 0)
        {
            return false;
        }

        q = (whole * 1000) + fraction;
        return true;
    }

    private static bool WithFlattened(in ReadOnlySequence<byte> value, Func<ReadOnlySpan<byte>, bool> decide)
    {
        // Field values are bounded by the header-section limit; rare, so a delegate call is fine here.
        byte[]? rented = null;
        int length = (int)Math.Min(value.Length, int.MaxValue);
        Span<byte> copy = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            copy = copy[..length];
            value.CopyTo(copy);
            return decide(copy);
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
