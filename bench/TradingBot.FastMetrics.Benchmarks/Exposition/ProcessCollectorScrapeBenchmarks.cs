using BenchmarkDotNet.Attributes;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.ProcessMetrics;

namespace TradingBot.FastMetrics.Benchmarks.Exposition;

/// <summary>A scrape of 100 labeled counters with and without the process collector, which reads /proc at each scrape.</summary>
/// <remarks>Not in the CI gate's categories; ProcessCollectorAllocationTests asserts the 0 B.</remarks>
[BenchmarkCategory("Process")]
public class ProcessCollectorScrapeBenchmarks
{
    private RegistryExposition _plain = null!;
    private RegistryExposition _withProcess = null!;
    private ProcessCollector _collector = null!;
    private PooledBufferWriter _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = new RegistryExposition(Populate(new MetricRegistry()));
        MetricRegistry registry = Populate(new MetricRegistry());
        _collector = ProcessCollector.Register(registry);
        _withProcess = new RegistryExposition(registry);
        _buffer = new PooledBufferWriter(1 << 16);
        for (int i = 0; i < 10; i++)
        {
            FastMetrics_Scrape_Plain();
            FastMetrics_Scrape_WithProcessCollector();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collector.Dispose();
        _buffer.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int FastMetrics_Scrape_Plain()
    {
        _buffer.Reset();
        _plain.WriteTo(_buffer, ExpositionFormat.PrometheusText);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int FastMetrics_Scrape_WithProcessCollector()
    {
        _buffer.Reset();
        _withProcess.WriteTo(_buffer, ExpositionFormat.PrometheusText);
        return _buffer.WrittenCount;
    }

    private static MetricRegistry Populate(MetricRegistry registry)
    {
        MetricFamily<Counter> orders = registry.CreateCounterFamily("orders_total", "Orders.", ["symbol"]);
        for (int i = 0; i < 100; i++)
        {
            orders.WithLabels("S" + i).Inc(i);
        }

        return registry;
    }
}
