using System;
using System.Buffers;

namespace TradingBot.FastMetrics.Server;

/// <summary>Character classes from the HTTP grammar.</summary>
internal static class HttpCharacters
{
    // RFC 9110 section 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
    // "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
    private static readonly SearchValues<byte> s_tokenChars = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // Bytes never valid in a request line: every control, DEL included (RFC 9112 section 3).
    private static readonly SearchValues<byte> s_requestLineInvalid = SearchValues.Create(Range(0x00, 0x1F, 0x7F, exceptTab: false));

    // Bytes never valid in a field line: controls other than HTAB, and DEL (RFC 9110 section 5.5).
    private static readonly SearchValues<byte> s_fieldLineInvalid = SearchValues.Create(Range(0x00, 0x1F, 0x7F, exceptTab: true));

    // RFC 3986 URIs are visible ASCII; '#' (a fragment) never appears in a request target.
    private static readonly SearchValues<byte> s_targetChars = SearchValues.Create(
        "!\"$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>Returns the index of the first byte that cannot appear in a request line, or -1.</summary>
    /// <param name="line">The request line without its CRLF.</param>
    /// <returns>The index, or -1.</returns>
    public static int IndexOfInvalidRequestLineByte(ReadOnlySpan<byte> line) => line.IndexOfAny(s_requestLineInvalid);

    /// <summary>Returns the index of the first byte that cannot appear in a field line, or -1.</summary>
    /// <param name="line">The field line without its CRLF.</param>
    /// <returns>The index, or -1.</returns>
    public static int IndexOfInvalidFieldLineByte(ReadOnlySpan<byte> line) => line.IndexOfAny(s_fieldLineInvalid);

    /// <summary>Returns whether every byte is allowed in a request target.</summary>
    /// <param name="target">The request target.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValidTarget(ReadOnlySpan<byte> target) => !target.ContainsAnyExcept(s_targetChars);

    /// <summary>Returns whether <paramref name="value"/> is a non-empty token.</summary>
    /// <param name="value">The bytes to check.</param>
    /// <returns>True when every byte is a tchar.</returns>
    public static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(s_tokenChars);

    private static byte[] Range(byte first, byte last, byte extra, bool exceptTab)
    {
        var bytes = new System.Collections.Generic.List<byte>();
        for (int b = first; b <= last; b++)
        {
            if (!exceptTab || b != '\t')
            {
                bytes.Add((byte)b);
            }
        }

        bytes.Add(extra);
        return [.. bytes];
    }
}
