using System;
using System.Buffers;
using System.Text;
using TradingBot.FastMetrics.Server;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

/// <content>Issue 8: a head delivered a byte per read is parsed in linear time, with the same result as whole.</content>
public sealed partial class Http1RequestParserTests
{
    [Fact]
    public void TryParse_28KiBHeadOneBytePerCall_ExaminesEachByteAtMostTwice()
    {
        var text = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: application/openmetrics-text\r\nAccept-Encoding: gzip\r\n");
        text.Append("X-Long: ").Append('l', 12 * 1024).Append("\r\n");
        for (int i = 0; i < 60; i++)
        {
            text.Append("X-H").Append(i).Append(": ").Append('v', 250).Append("\r\n");
        }

        byte[] head = Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
        Assert.InRange(head.Length, 27 * 1024, 30 * 1024);

        (ParseStatus status, RequestRejection rejection, HttpRequestHead request, long consumed) = ParseOneBytePerCall(head, out long examined);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(RequestRejection.None, rejection);
        Assert.Equal(head.Length, consumed);
        Assert.Equal("application/openmetrics-text", Ascii(request.Accept));
        Assert.Equal("gzip", Ascii(request.AcceptEncoding));

        // Each byte is searched for LF once and parsed once when its line completes. Re-parsing from
        // byte 0 on every call would examine about head.Length^2 / 2 bytes (over 400 million here).
        Assert.True(examined <= 2L * head.Length, $"examined {examined:N0} bytes for a {head.Length:N0}-byte head");
    }

    [Fact]
    public void TryParse_PrometheusScrapeOneBytePerCall_SameRequestAsWhole()
    {
        (ParseStatus status, _, HttpRequestHead request, long consumed) = ParseOneBytePerCall(s_scrape, out long examined);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(s_scrape.Length, consumed);
        Assert.Equal(RequestTarget.Metrics, request.Target);
        Assert.True(request.KeepAlive);
        Assert.Equal("gzip", Ascii(request.AcceptEncoding));
        Assert.True(examined <= 2L * s_scrape.Length);
    }

    /// <summary>Feeds growing prefixes of <paramref name="bytes"/>, one more byte each call, keeping the state as a connection does.</summary>
    private static (ParseStatus Status, RequestRejection Rejection, HttpRequestHead Request, long Consumed) ParseOneBytePerCall(byte[] bytes, out long examined)
    {
        var state = default(Http1RequestParser.ParseState);
        for (int length = 1; length <= bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            ParseStatus status = Http1RequestParser.TryParse(buffer, HttpParserLimits.Default, ref state, out HttpRequestHead request, out SequencePosition consumed, out RequestRejection rejection);
            if (status != ParseStatus.NeedMoreData)
            {
                examined = state.BytesExamined;
                return (status, rejection, request, buffer.Slice(0, consumed).Length);
            }
        }

        throw new InvalidOperationException("The whole input still needs more data.");
    }
}
