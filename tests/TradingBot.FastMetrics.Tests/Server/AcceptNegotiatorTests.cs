using System.Buffers;
using System.Text;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

public sealed class AcceptNegotiatorTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("text/plain", false)]
    [InlineData("*/*", false)]
    [InlineData("application/openmetrics-text", true)]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", true)]
    [InlineData("text/plain;version=0.0.4;q=0.9, application/openmetrics-text;version=1.0.0;q=0.8", false)]
    [InlineData("text/plain;q=0.5, application/openmetrics-text;q=0.5", false)]
    [InlineData("application/openmetrics-text;q=0", false)]
    [InlineData("application/openmetrics-text;version=0.0.1", false)]
    [InlineData("application/*;q=0.8, text/plain;q=0.2", true)]
    [InlineData("text/*;q=0.3, */*;q=0.9", true)]
    [InlineData("application/json", false)]
    [InlineData("application/openmetrics-text;q=abc, text/plain", false)]
    [InlineData("  application/openmetrics-text ; version=\"1.0.0\" ; q=1.000 ,text/plain;q=0.999", true)]
    [InlineData("application/openmetrics-text;q=1.001", false)]
    [InlineData(",,, ;;; /, */, application/openmetrics-text", true)]
    public void ChooseFormat_AcceptValue_PicksByQValue(string accept, bool openMetrics)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(accept);
        ExpositionFormat expected = openMetrics ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;

        Assert.Equal(expected, AcceptNegotiator.ChooseFormat(new ReadOnlySequence<byte>(bytes)));
        Assert.Equal(expected, AcceptNegotiator.ChooseFormat(MultiSegmentSequence.Chunked(bytes, 5)));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("gzip", true)]
    [InlineData("GZIP", true)]
    [InlineData("x-gzip", true)]
    [InlineData("deflate, gzip;q=1.0, *;q=0.5", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("identity", false)]
    [InlineData("*", true)]
    [InlineData("*;q=0.1, gzip;q=0", false)]
    [InlineData("br, deflate", false)]
    [InlineData("gzip;q=2", false)]
    public void AcceptsGzip_AcceptEncodingValue_FollowsQValues(string acceptEncoding, bool expected)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(acceptEncoding);

        Assert.Equal(expected, AcceptNegotiator.AcceptsGzip(new ReadOnlySequence<byte>(bytes)));
        Assert.Equal(expected, AcceptNegotiator.AcceptsGzip(MultiSegmentSequence.Chunked(bytes, 2)));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1000)]
    [InlineData("0.5", 500)]
    [InlineData("0.125", 125)]
    [InlineData("1.000", 1000)]
    [InlineData("0.", 0)]
    public void TryParseQValue_Valid_ReturnsThousandths(string value, int expected)
    {
        Assert.True(AcceptNegotiator.TryParseQValue(Encoding.ASCII.GetBytes(value), out int q));
        Assert.Equal(expected, q);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("1.5")]
    [InlineData("0.1234")]
    [InlineData("-0")]
    [InlineData("0,5")]
    public void TryParseQValue_Invalid_ReturnsFalse(string value) =>
        Assert.False(AcceptNegotiator.TryParseQValue(Encoding.ASCII.GetBytes(value), out _));
}
