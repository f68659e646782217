using System;
using System.Buffers;
using System.Text;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

public sealed partial class Http1RequestParserTests
{
    // What Prometheus 2.42 sends for a scrape.
    internal const string PrometheusScrape =
        "GET /metrics HTTP/1.1\r\n" +
        "Host: 127.0.0.1:9100\r\n" +
        "User-Agent: Prometheus/2.42.0\r\n" +
        "Accept: application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1\r\n" +
        "Accept-Encoding: gzip\r\n" +
        "X-Prometheus-Scrape-Timeout-Seconds: 10\r\n" +
        "\r\n";

    private static readonly byte[] s_scrape = Encoding.ASCII.GetBytes(PrometheusScrape);

    [Fact]
    public void TryParse_PrometheusScrape_ParsesEveryField()
    {
        var buffer = new ReadOnlySequence<byte>(s_scrape);

        ParseStatus status = Parse(buffer, out HttpRequestHead request, out SequencePosition consumed, out RequestRejection rejection);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(RequestRejection.None, rejection);
        Assert.Equal(s_scrape.Length, buffer.Slice(buffer.Start, consumed).Length);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(RequestTarget.Metrics, request.Target);
        Assert.True(request.IsHttp11);
        Assert.True(request.KeepAlive);
        Assert.Equal("gzip", Ascii(request.AcceptEncoding));
        Assert.StartsWith("application/openmetrics-text;version=1.0.0,", Ascii(request.Accept), StringComparison.Ordinal);
        Assert.True(request.Authorization.IsEmpty);
    }

    [Fact]
    public void TryParse_EveryPrefixOfValidRequest_NeedsMoreDataAndConsumesNothing()
    {
        for (int length = 0; length < s_scrape.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(s_scrape, 0, length);

            ParseStatus status = Parse(buffer, out _, out SequencePosition consumed, out RequestRejection rejection);

            Assert.True(status == ParseStatus.NeedMoreData, $"prefix of {length} bytes gave {status} ({rejection})");
            Assert.Equal(RequestRejection.None, rejection);
            Assert.Equal(0, buffer.Slice(buffer.Start, consumed).Length);
        }
    }

    [Fact]
    public void TryParse_EveryPrefixSplitIntoThreeSegments_NeedsMoreDataAndConsumesNothing()
    {
        for (int length = 0; length < s_scrape.Length; length++)
        {
            byte[] prefix = s_scrape[..length];
            ReadOnlySequence<byte> buffer = MultiSegmentSequence.SplitAt(prefix, length / 3, 2 * length / 3);

            ParseStatus status = Parse(buffer, out _, out SequencePosition consumed, out _);

            Assert.Equal(ParseStatus.NeedMoreData, status);
            Assert.Equal(0, buffer.Slice(buffer.Start, consumed).Length);
        }
    }

    [Fact]
    public void TryParse_EveryTwoSegmentSplit_ParsesLikeOneSegment()
    {
        for (int split = 0; split <= s_scrape.Length; split++)
        {
            ReadOnlySequence<byte> buffer = MultiSegmentSequence.SplitAt(s_scrape, split);

            ParseStatus status = Parse(buffer, out HttpRequestHead request, out SequencePosition consumed, out _);

            Assert.Equal(ParseStatus.Complete, status);
            Assert.Equal(s_scrape.Length, buffer.Slice(buffer.Start, consumed).Length);
            Assert.Equal(RequestTarget.Metrics, request.Target);
            Assert.Equal("gzip", Ascii(request.AcceptEncoding));
        }
    }

    [Fact]
    public void TryParse_OneByteSegments_ParsesLikeOneSegment()
    {
        ReadOnlySequence<byte> buffer = MultiSegmentSequence.Chunked(s_scrape, 1);

        ParseStatus status = Parse(buffer, out HttpRequestHead request, out SequencePosition consumed, out _);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(s_scrape.Length, buffer.Slice(buffer.Start, consumed).Length);
        Assert.Equal("gzip", Ascii(request.AcceptEncoding));
        Assert.Contains("text/plain;version=0.0.4;q=0.5", Ascii(request.Accept), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PipelinedRequests_ConsumesExactlyTheFirst()
    {
        byte[] two = Encoding.ASCII.GetBytes(PrometheusScrape + "HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n");
        var buffer = new ReadOnlySequence<byte>(two);

        Assert.Equal(ParseStatus.Complete, Parse(buffer, out _, out SequencePosition consumed, out _));
        Assert.Equal(s_scrape.Length, buffer.Slice(buffer.Start, consumed).Length);
        Assert.Equal(ParseStatus.Complete, Parse(buffer.Slice(consumed), out HttpRequestHead second, out consumed, out _));
        Assert.Equal(HttpMethod.Head, second.Method);
        Assert.Equal(RequestTarget.Health, second.Target);
        Assert.Equal(two.Length, buffer.Slice(buffer.Start, consumed).Length);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "Index", true)]
    [InlineData("GET /metrics?name[]=up&x=1 HTTP/1.1\r\nHost: x\r\n\r\n", "Metrics", true)]
    [InlineData("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "Health", false)]
    [InlineData("GET /metrics HTTP/1.0\r\n\r\n", "Metrics", false)]
    [InlineData("GET /metrics HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "Metrics", true)]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, CLOSE\r\n\r\n", "Metrics", false)]
    [InlineData("GET http://example.com:9100/metrics HTTP/1.1\r\nHost: example.com:9100\r\n\r\n", "Metrics", true)]
    [InlineData("GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n", "Index", true)]
    [InlineData("\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "Metrics", true)]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n", "Metrics", true)]
    [InlineData("GET /metrics HTTP/1.1\r\nhOsT:x\r\nX-Empty:\r\nX-Obs-Text: caf\u00e9\r\n\r\n", "Metrics", true)]
    public void TryParse_ValidRequest_ReturnsTargetAndKeepAlive(string text, string target, bool keepAlive)
    {
        ParseStatus status = Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)), out HttpRequestHead request, out _, out RequestRejection rejection);

        Assert.True(status == ParseStatus.Complete, $"{status} ({rejection})");
        Assert.Equal(target, request.Target.ToString());
        Assert.Equal(keepAlive, request.KeepAlive);
    }

    [Theory]
    [InlineData("GET  /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "InvalidRequestLine")]
    [InlineData("GET /metrics  HTTP/1.1\r\nHost: x\r\n\r\n", "InvalidVersion")]
    [InlineData("GET /metrics\r\nHost: x\r\n\r\n", "InvalidRequestLine")]
    [InlineData(" GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "InvalidRequestLine")]
    [InlineData("G(T /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "InvalidMethod")]
    [InlineData("GET metrics HTTP/1.1\r\nHost: x\r\n\r\n", "InvalidRequestTarget")]
    [InlineData("GET /met\u00e9rics HTTP/1.1\r\nHost: x\r\n\r\n", "InvalidRequestTarget")]
    [InlineData("GET /metrics#top HTTP/1.1\r\nHost: x\r\n\r\n", "InvalidRequestTarget")]
    [InlineData("GET * HTTP/1.1\r\nHost: x\r\n\r\n", "InvalidRequestTarget")]
    [InlineData("GET /metrics HTTP/1.1 \r\nHost: x\r\n\r\n", "InvalidVersion")]
    [InlineData("GET /metrics http/1.1\r\nHost: x\r\n\r\n", "InvalidVersion")]
    [InlineData("GET /metrics HTTP/1\r\nHost: x\r\n\r\n", "InvalidVersion")]
    [InlineData("GET /metrics HTTP/2.0\r\nHost: x\r\n\r\n", "UnsupportedVersion")]
    [InlineData("GET /metrics HTTP/1.2\r\nHost: x\r\n\r\n", "UnsupportedVersion")]
    [InlineData("GET /metrics HTTP/1.1\nHost: x\r\n\r\n", "BareLineTerminator")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\n\r\n", "BareLineTerminator")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n\n", "BareLineTerminator")]
    [InlineData("GET /me\rtrics HTTP/1.1\r\nHost: x\r\n\r\n", "BareLineTerminator")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\ry\r\n\r\n", "BareLineTerminator")]
    [InlineData("\rGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "BareLineTerminator")]
    [InlineData("\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "BareLineTerminator")]
    [InlineData("GET /me\0trics HTTP/1.1\r\nHost: x\r\n\r\n", "InvalidCharacter")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\0\r\n\r\n", "InvalidCharacter")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\u007f\r\n\r\n", "InvalidCharacter")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", "MissingColon")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n", "WhitespaceBeforeColon")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost\t: x\r\n\r\n", "WhitespaceBeforeColon")]
    [InlineData("GET /metrics HTTP/1.1\r\n: x\r\nHost: x\r\n\r\n", "InvalidHeaderName")]
    [InlineData("GET /metrics HTTP/1.1\r\nBad(Name): x\r\nHost: x\r\n\r\n", "InvalidHeaderName")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n", "ObsoleteLineFolding")]
    [InlineData("GET /metrics HTTP/1.1\r\n\r\n", "InvalidHost")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "InvalidHost")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", "InvalidContentLength")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 1\r\n\r\n", "InvalidContentLength")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "InvalidContentLength")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", "InvalidContentLength")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n", "ConflictingContentLength")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "BodyNotAllowed")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", "BodyNotAllowed")]
    [InlineData("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "BodyNotAllowed")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "TransferEncodingNotAllowed")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", "ContentLengthWithTransferEncoding")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", "ContentLengthWithTransferEncoding")]
    [InlineData("POST /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "MethodNotAllowed")]
    [InlineData("get /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "MethodNotAllowed")]
    [InlineData("DELETE /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", "MethodNotAllowed")]
    [InlineData("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", "NotFound")]
    [InlineData("GET /metrics/ HTTP/1.1\r\nHost: x\r\n\r\n", "NotFound")]
    [InlineData("HEAD /Metrics HTTP/1.1\r\nHost: x\r\n\r\n", "NotFound")]
    public void TryParse_MalformedRequest_ReturnsExactRejection(string text, string expected)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(text);
        foreach (ReadOnlySequence<byte> buffer in new[] { new ReadOnlySequence<byte>(bytes), MultiSegmentSequence.Chunked(bytes, 3) })
        {
            ParseStatus status = Parse(buffer, out _, out _, out RequestRejection rejection);

            Assert.Equal(ParseStatus.Rejected, status);
            Assert.Equal(expected, rejection.ToString());
        }

        Assert.Equal(expected, ParseOneBytePerCall(bytes, out _).Rejection.ToString());
    }

    [Fact]
    public void TryParse_RequestLineOverLimit_Rejects414BeforeAndAfterItsEnd()
    {
        string target = "/" + new string('a', 8 * 1024);
        byte[] unterminated = Encoding.ASCII.GetBytes("GET " + target);
        byte[] complete = Encoding.ASCII.GetBytes("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(ParseStatus.Rejected, Parse(new ReadOnlySequence<byte>(unterminated), out _, out _, out RequestRejection first));
        Assert.Equal(ParseStatus.Rejected, Parse(new ReadOnlySequence<byte>(complete), out _, out _, out RequestRejection second));
        Assert.Equal(RequestRejection.RequestLineTooLong, first);
        Assert.Equal(RequestRejection.RequestLineTooLong, second);
        Assert.Equal(414, RequestRejectionStatus.StatusCode(first));
    }

    [Fact]
    public void TryParse_RequestLineExactlyAtLimit_Parses()
    {
        const string Prefix = "GET /metrics?";
        const string Suffix = " HTTP/1.1\r\n";
        string line = Prefix + new string('q', (8 * 1024) - Prefix.Length - Suffix.Length) + Suffix;
        Assert.Equal(8 * 1024, line.Length);

        ParseStatus status = Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(line + "Host: x\r\n\r\n")), out _, out _, out RequestRejection rejection);

        Assert.True(status == ParseStatus.Complete, rejection.ToString());
    }

    [Fact]
    public void TryParse_HeaderSectionOverLimit_Rejects431EvenBeforeItEnds()
    {
        string big = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('b', 32 * 1024);

        Assert.Equal(ParseStatus.Rejected, Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(big)), out _, out _, out RequestRejection open));
        Assert.Equal(ParseStatus.Rejected, Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(big + "\r\n\r\n")), out _, out _, out RequestRejection closed));
        Assert.Equal(RequestRejection.HeadersTooLarge, open);
        Assert.Equal(RequestRejection.HeadersTooLarge, closed);
        Assert.Equal(431, RequestRejectionStatus.StatusCode(open));
    }

    [Fact]
    public void TryParse_TooManyHeaders_Rejects431()
    {
        var text = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 100; i++)
        {
            text.Append("X-H").Append(i).Append(": v\r\n");
        }

        Assert.Equal(ParseStatus.Rejected, Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text + "\r\n")), out _, out _, out RequestRejection rejection));
        Assert.Equal(RequestRejection.TooManyHeaders, rejection);
        Assert.Equal(431, RequestRejectionStatus.StatusCode(rejection));
    }

    [Fact]
    public void TryParse_HundredHeaders_Parses()
    {
        var text = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 99; i++)
        {
            text.Append("X-H").Append(i).Append(": v\r\n");
        }

        Assert.Equal(ParseStatus.Complete, Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text + "\r\n")), out _, out _, out _));
    }

    [Theory]
    [InlineData("InvalidRequestLine", 400)]
    [InlineData("BareLineTerminator", 400)]
    [InlineData("InvalidCharacter", 400)]
    [InlineData("MissingColon", 400)]
    [InlineData("WhitespaceBeforeColon", 400)]
    [InlineData("BodyNotAllowed", 400)]
    [InlineData("TransferEncodingNotAllowed", 400)]
    [InlineData("ContentLengthWithTransferEncoding", 400)]
    [InlineData("ConflictingContentLength", 400)]
    [InlineData("NotFound", 404)]
    [InlineData("MethodNotAllowed", 405)]
    [InlineData("RequestLineTooLong", 414)]
    [InlineData("HeadersTooLarge", 431)]
    [InlineData("TooManyHeaders", 431)]
    [InlineData("UnsupportedVersion", 505)]
    public void StatusCode_Rejection_MapsToTableEntry(string rejection, int expected) =>
        Assert.Equal(expected, RequestRejectionStatus.StatusCode(Enum.Parse<RequestRejection>(rejection)));

    private static ParseStatus Parse(ReadOnlySequence<byte> buffer, out HttpRequestHead request, out SequencePosition consumed, out RequestRejection rejection) =>
        Http1RequestParser.TryParse(buffer, HttpParserLimits.Default, out request, out consumed, out rejection);

    private static string Ascii(ReadOnlySequence<byte> value) => Encoding.Latin1.GetString(value.ToArray());
}
