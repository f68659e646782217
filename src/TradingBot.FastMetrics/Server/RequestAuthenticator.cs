using System;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace TradingBot.FastMetrics.Server;

/// <summary>Checks the <c>Authorization</c> field against a bearer token or basic credentials in constant time.</summary>
/// <remarks>
/// Credentials are compared as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so neither the content nor the length of the secret leaks through timing. Schemes per RFC 6750
/// (Bearer) and RFC 7617 (Basic); the scheme name is case-insensitive (RFC 9110 section 11.1).
/// </remarks>
internal sealed class RequestAuthenticator
{
    private const int StackBytes = 512;
    private const int HashBytes = 32;

    private readonly byte[]? _bearerHash;
    private readonly byte[]? _basicHash;

    private RequestAuthenticator(byte[]? bearerHash, byte[]? basicHash, byte[] challenge)
    {
        _bearerHash = bearerHash;
        _basicHash = basicHash;
        Challenge = challenge;
    }

    /// <summary>Gets the <c>WWW-Authenticate</c> field line(s) a 401 carries, CRLF included.</summary>
    public byte[] Challenge { get; }

    /// <summary>Builds an authenticator from the options, or returns null when authentication is off.</summary>
    /// <param name="bearerToken">The bearer token, or null.</param>
    /// <param name="userName">The basic user name, or null.</param>
    /// <param name="password">The basic password, or null.</param>
    /// <returns>The authenticator, or null.</returns>
    public static RequestAuthenticator? Create(string? bearerToken, string? userName, string? password)
    {
        if (bearerToken is null && userName is null)
        {
            return null;
        }

        byte[]? bearer = bearerToken is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(bearerToken));
        byte[]? basic = userName is null
            ? null
            : SHA256.HashData(Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + (password ?? string.Empty)))));
        string challenge = (bearer is null ? string.Empty : "WWW-Authenticate: Bearer realm=\"metrics\"\r\n")
            + (basic is null ? string.Empty : "WWW-Authenticate: Basic realm=\"metrics\", charset=\"UTF-8\"\r\n");
        return new RequestAuthenticator(bearer, basic, Encoding.ASCII.GetBytes(challenge));
    }

    /// <summary>Returns whether the field carries the configured credentials.</summary>
    /// <param name="authorization">The <c>Authorization</c> value; empty when absent.</param>
    /// <returns>True when authorized.</returns>
    public bool IsAuthorized(in ReadOnlySequence<byte> authorization)
    {
        if (authorization.IsEmpty || authorization.Length > 16 * 1024)
        {
            return false;
        }

        if (authorization.IsSingleSegment)
        {
            return IsAuthorized(authorization.FirstSpan);
        }

        byte[]? rented = null;
        int length = (int)authorization.Length;
        Span<byte> copy = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            copy = copy[..length];
            authorization.CopyTo(copy);
            return IsAuthorized(copy);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    private bool IsAuthorized(ReadOnlySpan<byte> value)
    {
        int space = value.IndexOf((byte)' ');
        if (space <= 0)
        {
            return false;
        }

        ReadOnlySpan<byte> scheme = value[..space];
        ReadOnlySpan<byte> credentials = value[(space + 1)..].TrimStart((byte)' ');
        byte[]? expected = Ascii.EqualsIgnoreCase(scheme, "Bearer"u8) ? _bearerHash
            : Ascii.EqualsIgnoreCase(scheme, "Basic"u8) ? _basicHash
            : null;
        if (expected is null)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashBytes];
        SHA256.HashData(credentials, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
