using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.ProcessMetrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.ProcessMetrics;

public sealed class ProcessCollectorTests
{
    [Fact]
    public void Register_ExportsTheSixStandardSeries_WithPlausibleValues()
    {
        var registry = new MetricRegistry();
        using ProcessCollector collector = ProcessCollector.Register(registry);

        string text = new RegistryExposition(registry).WriteToString();
        Dictionary<string, double> values = ExpositionParser.Parse(text).ToDictionary(s => s.Name, s => s.Value);

        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_resident_memory_bytes gauge\n", text, StringComparison.Ordinal);
        Assert.True(values["process_cpu_seconds_total"] > 0);
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        double resident = values["process_resident_memory_bytes"];
        Assert.InRange(resident, self.WorkingSet64 * 0.5, self.WorkingSet64 * 2.0);
        Assert.True(values["process_virtual_memory_bytes"] >= resident);
        Assert.InRange(values["process_open_fds"], 3, 100_000);
        double start = values["process_start_time_seconds"];
        double expectedStart = new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(start, expectedStart - 1.5, expectedStart + 1.5);
        if (OperatingSystem.IsLinux())
        {
            string limits = File.ReadAllLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            double soft = double.Parse(limits["Max open files".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(soft, values["process_max_fds"]);
        }
    }

    [Fact]
    public void OpenFds_CountsADescriptorOpenedBetweenScrapes()
    {
        var registry = new MetricRegistry();
        using ProcessCollector collector = ProcessCollector.Register(registry);
        var exposition = new RegistryExposition(registry);
        double Fds() => ExpositionParser.Parse(exposition.WriteToString()).Single(s => s.Name == "process_open_fds").Value;

        double before = Fds();
        string path = Path.GetTempFileName();
        try
        {
            using (File.OpenRead(path))
            using (File.OpenRead(path))
            {
                Assert.True(Fds() >= before + 2);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
