using System;
using System.Buffers;
using System.Buffers.Text;
using System.Threading;

namespace TradingBot.FastMetrics.Server;

/// <summary>The current time as an IMF-fixdate for the <c>Date</c> field, refreshed by the server's heartbeat.</summary>
/// <remarks>
/// RFC 9110 section 6.6.1 (https://www.rfc-editor.org/rfc/rfc9110#section-6.6.1): an origin server with
/// a clock MUST send Date. One-second resolution is all the format has, so it is formatted once per tick
/// rather than per response. Two buffers alternate so a reader never sees a half-written value: the
/// heartbeat writes the idle one, then publishes it. A reader would have to stall for a whole second,
/// mid-copy of 29 bytes, to see a mix; we accept that.
/// </remarks>
internal sealed class HttpDate
{
    // "Sun, 06 Nov 1994 08:49:37 GMT" is always 29 bytes.
    private const int Length = 29;

    private readonly byte[] _first = new byte[Length];
    private readonly byte[] _second = new byte[Length];
    private byte[] _current;

    public HttpDate()
    {
        _current = _first;
        Refresh(DateTime.UtcNow);
    }

    /// <summary>Gets the current value.</summary>
    public ReadOnlySpan<byte> Value => Volatile.Read(ref _current);

    /// <summary>Formats <paramref name="utcNow"/> into the idle buffer and publishes it.</summary>
    /// <param name="utcNow">The time to show.</param>
    public void Refresh(DateTime utcNow)
    {
        byte[] next = ReferenceEquals(Volatile.Read(ref _current), _first) ? _second : _first;
        Utf8Formatter.TryFormat(utcNow, next, out _, new StandardFormat('R'));
        Volatile.Write(ref _current, next);
    }
}
