using System;
using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Server;

namespace TradingBot.FastMetrics.Benchmarks.Server;

/// <summary>The HTTP/1.1 parser and negotiation on the exact request Prometheus 2.42 sends for a scrape.</summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project bench/TradingBot.FastMetrics.Benchmarks -- --filter '*Http1RequestParser*'</c>.
/// Latest results (AMD EPYC 2.10GHz, 2 cores, Debian 12, .NET 10.0.12, BenchmarkDotNet 0.15.8; also in bench/load/RESULTS.md):
/// <code>
/// | Method             | Mean     | Error    | StdDev   | Ratio | Allocated |
/// |------------------- |---------:|---------:|---------:|------:|----------:|
/// | ParseSingleSegment | 376.3 ns |  7.40 ns | 10.62 ns |  1.00 |         - |
/// | ParseThreeSegments | 483.7 ns |  8.72 ns | 21.88 ns |  1.29 |         - |
/// | ParseIncomplete    | 356.2 ns |  7.10 ns | 20.26 ns |  0.95 |         - |
/// | ParseAndNegotiate  | 516.1 ns | 10.04 ns | 14.72 ns |  1.37 |         - |
/// </code>
/// </remarks>
public class Http1RequestParserBenchmarks
{
    private const string Scrape =
        "GET /metrics HTTP/1.1\r\n" +
        "Host: 127.0.0.1:9100\r\n" +
        "User-Agent: Prometheus/2.42.0\r\n" +
        "Accept: application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1\r\n" +
        "Accept-Encoding: gzip\r\n" +
        "X-Prometheus-Scrape-Timeout-Seconds: 10\r\n" +
        "\r\n";

    private ReadOnlySequence<byte> _single;
    private ReadOnlySequence<byte> _split;
    private ReadOnlySequence<byte> _incomplete;

    [GlobalSetup]
    public void Setup()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(Scrape);
        _single = new ReadOnlySequence<byte>(bytes);
        _incomplete = new ReadOnlySequence<byte>(bytes, 0, bytes.Length - 2);

        // Three segments, split inside the request line and inside the Accept value, as split packets would.
        var first = new Segment(bytes.AsMemory(0, 10), 0);
        Segment second = first.Append(bytes.AsMemory(10, 90));
        Segment third = second.Append(bytes.AsMemory(100));
        _split = new ReadOnlySequence<byte>(first, 0, third, third.Memory.Length);
    }

    [Benchmark(Baseline = true)]
    public int ParseSingleSegment() =>
        (int)Http1RequestParser.TryParse(_single, HttpParserLimits.Default, out _, out _, out _);

    [Benchmark]
    public int ParseThreeSegments() =>
        (int)Http1RequestParser.TryParse(_split, HttpParserLimits.Default, out _, out _, out _);

    [Benchmark]
    public int ParseIncomplete() =>
        (int)Http1RequestParser.TryParse(_incomplete, HttpParserLimits.Default, out _, out _, out _);

    [Benchmark]
    public bool ParseAndNegotiate()
    {
        Http1RequestParser.TryParse(_single, HttpParserLimits.Default, out HttpRequestHead request, out _, out _);
        return AcceptNegotiator.ChooseFormat(request.Accept) == ExpositionFormat.OpenMetrics
            && AcceptNegotiator.AcceptsGzip(request.AcceptEncoding);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
