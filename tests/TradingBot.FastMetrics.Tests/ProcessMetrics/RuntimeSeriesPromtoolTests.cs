using System;
using System.Linq;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Instrumentation;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.ProcessMetrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.ProcessMetrics;

public sealed class RuntimeSeriesPromtoolTests
{
    [PrometheusFact]
    public async Task ProcessAndRuntimeSeries_PassPromtool_WithOnlyTheRuntimesCountSuffixLints()
    {
        var registry = new MetricRegistry();
        using ProcessCollector collector = ProcessCollector.Register(registry);
        using MeterBridge bridge = MeterBridge.Start(registry, name => name == "System.Runtime");
        GC.Collect(0);

        (int exitCode, string text) = await PromtoolProcess.CheckMetricsAsync(new RegistryExposition(registry).WriteToString());

        Assert.True(exitCode is 0 or PromtoolProcess.ExitLintOnly, text);
        Assert.DoesNotContain("error", text, StringComparison.OrdinalIgnoreCase);

        // .NET's semantic-convention names such as dotnet.assembly.count keep their "_count" under OpenTelemetry's
        // rules; promtool flags exactly those, and nothing about the process_* series.
        string[] lints = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(lints, lint => Assert.Matches("^dotnet_[a-z_]+_count non-histogram and non-summary metrics should not have \"_count\" suffix$", lint));
        Assert.DoesNotContain(lints, lint => lint.StartsWith("process_", StringComparison.Ordinal));
    }
}
