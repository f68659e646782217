using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using Prom = Prometheus;

namespace TradingBot.FastMetrics.Benchmarks.Exposition;

/// <summary>
/// A whole scrape of N series into a reused buffer: 90% labeled counters, 10% labeled 10-bucket histograms
/// (13 lines each), so 10,000 series give 22,000 sample lines.
/// </summary>
[BenchmarkCategory("Scrape")]
public class ScrapeBenchmarks
{
    private static readonly double[] s_bounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private RegistryExposition _ours = null!;
    private PooledBufferWriter _buffer = null!;
    private Prom.CollectorRegistry _prom = null!;
    private MemoryStream _stream = null!;

    [Params(1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> counters = registry.CreateCounterFamily("orders_total", "Orders by symbol.", ["symbol"]);
        MetricFamily<Histogram> histograms = registry.CreateHistogramFamily("fill_ms", "Fill latency by symbol.", ["symbol"], s_bounds);
        _prom = Prom.Metrics.NewCustomRegistry();
        Prom.MetricFactory factory = Prom.Metrics.WithCustomRegistry(_prom);
        Prom.Counter promCounters = factory.CreateCounter("orders_total", "Orders by symbol.", ["symbol"]);
        Prom.Histogram promHistograms = factory.CreateHistogram("fill_ms", "Fill latency by symbol.",
            new Prom.HistogramConfiguration { Buckets = s_bounds, LabelNames = ["symbol"] });

        var random = new System.Random(3);
        for (int i = 0; i < Series; i++)
        {
            string symbol = "SYM" + i;
            if (i % 10 == 0)
            {
                Histogram ours = histograms.WithLabels(symbol);
                Prom.Histogram.Child prom = promHistograms.WithLabels(symbol);
                for (int k = 0; k < 20; k++)
                {
                    double value = random.NextDouble() * 1500;
                    ours.Observe(value);
                    prom.Observe(value);
                }
            }
            else
            {
                long count = random.Next(1_000_000);
                counters.WithLabels(symbol).Inc(count);
                promCounters.WithLabels(symbol).Inc(count);
            }
        }

        _ours = new RegistryExposition(registry);
        _buffer = new PooledBufferWriter(1 << 20);
        _stream = new MemoryStream(1 << 21);
    }

    [GlobalCleanup]
    public void Cleanup() => _buffer.Dispose();

    [Benchmark(Baseline = true)]
    public async Task PrometheusNet_Scrape()
    {
        _stream.Position = 0;
        _stream.SetLength(0);
        await _prom.CollectAndExportAsTextAsync(_stream);
    }

    [Benchmark]
    public int FastMetrics_Scrape()
    {
        _buffer.Reset();
        _ours.WriteTo(_buffer, ExpositionFormat.PrometheusText);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int FastMetrics_ScrapeProtobuf()
    {
        _buffer.Reset();
        _ours.WriteTo(_buffer, ExpositionFormat.Protobuf);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int FastMetrics_ScrapeOpenMetrics()
    {
        _buffer.Reset();
        _ours.WriteTo(_buffer, ExpositionFormat.OpenMetrics);
        return _buffer.WrittenCount;
    }
}
