using System;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TradingBot.FastMetrics.Tests.Server;

/// <summary>Process-wide allocation per scrape, in steady state; runs alone so other tests' allocations do not count.</summary>
[Collection(AllocationMeasurementGroup.Name)]
public sealed class MetricsServerAllocationTests
{
    private const int Warmup = 500;
    private const int Scrapes = 2000;
    private readonly ITestOutputHelper _output;

    public MetricsServerAllocationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Scrape_SteadyStateIdentity_AllocatesUnder1KBPerScrape()
    {
        double perScrape = MeasureBytesPerScrape(string.Empty);

        Assert.True(perScrape < 1024, $"{perScrape:0.0} bytes per scrape");
    }

    [Fact]
    public void Scrape_SteadyStateGzip_AllocatesUnder1KBPerScrape()
    {
        double perScrape = MeasureBytesPerScrape("Accept-Encoding: gzip\r\nAccept: application/openmetrics-text\r\n");

        Assert.True(perScrape < 1024, $"{perScrape:0.0} bytes per scrape");
    }

    private double MeasureBytesPerScrape(string headers)
    {
        MetricsServerHarness host = MetricsServerHarness.Start();
        try
        {
            MetricFamily<Counter> wide = host.Registry.CreateCounterFamily("test_wide_total", "Many series.", ["id"]);
            for (int i = 0; i < 1000; i++)
            {
                wide.WithLabels(i.ToString()).Inc(i);
            }

            using var client = new BlockingScrapeClient(host.Port, headers);
            int bodyLength = 0;
            for (int i = 0; i < Warmup; i++)
            {
                bodyLength = client.Scrape();
            }

            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < Scrapes; i++)
            {
                client.Scrape();
            }

            long after = GC.GetTotalAllocatedBytes(precise: true);
            double perScrape = (after - before) / (double)Scrapes;
            _output.WriteLine($"{headers.Trim()}: body {bodyLength} bytes, {perScrape:0.0} bytes allocated per scrape (process-wide, {Scrapes} scrapes)");
            return perScrape;
        }
        finally
        {
            host.Server.Dispose();
        }
    }
}
