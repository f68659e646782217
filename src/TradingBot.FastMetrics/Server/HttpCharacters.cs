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

    /// <summary>Returns whether <paramref name="value"/> is a non-empty token.</summary>
    /// <param name="value">The bytes to check.</param>
    /// <returns>True when every byte is a tchar.</returns>
    public static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(s_tokenChars);
}
