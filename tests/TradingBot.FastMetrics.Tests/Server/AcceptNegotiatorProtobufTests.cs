using System.Buffers;
using System.Text;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

public sealed class AcceptNegotiatorProtobufTests
{
    // Prometheus 2.42's scrape Accept headers, with and without --enable-feature=native-histograms.
    private const string NativeHistogramsPrometheus =
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private const string DefaultPrometheus =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    [Theory]
    [InlineData(NativeHistogramsPrometheus, ExpositionFormat.Protobuf)]
    [InlineData(DefaultPrometheus, ExpositionFormat.OpenMetrics)]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", ExpositionFormat.Protobuf)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.4,text/plain;q=0.5", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5,text/plain;q=0.5", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=other.Message;encoding=delimited", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0", ExpositionFormat.PrometheusText)]
    [InlineData("*/*", ExpositionFormat.PrometheusText)]
    [InlineData("application/*", ExpositionFormat.OpenMetrics)]
    public void ChooseFormat_ProtobufAccept_PicksByQValue(string accept, ExpositionFormat expected)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(accept);
        Assert.Equal(expected, AcceptNegotiator.ChooseFormat(new ReadOnlySequence<byte>(bytes)));
        Assert.Equal(expected, AcceptNegotiator.ChooseFormat(MultiSegmentSequence.Chunked(bytes, 7)));
    }
}
