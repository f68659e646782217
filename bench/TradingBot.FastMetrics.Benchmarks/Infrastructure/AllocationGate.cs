using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Reports;

namespace TradingBot.FastMetrics.Benchmarks.Infrastructure;

/// <summary>Fails a run when any of our record-path or scrape benchmarks allocated.</summary>
/// <remarks>Only benchmarks named <c>FastMetrics_*</c> in the RecordPath or Scrape categories are gated; the
/// anchors (prometheus-net, OpenTelemetry) are reported, not judged.</remarks>
public static class AllocationGate
{
    private static readonly string[] s_gatedCategories = ["RecordPath", "Scrape"];

    public static int Check(IEnumerable<Summary> summaries)
    {
        int checkedCount = 0;
        var failures = new List<string>();
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkReport report in summary.Reports)
            {
                var benchmark = report.BenchmarkCase;
                bool gated = benchmark.Descriptor.WorkloadMethod.Name.StartsWith("FastMetrics_", StringComparison.Ordinal)
                    && benchmark.Descriptor.Categories.Any(c => s_gatedCategories.Contains(c));
                if (!gated)
                {
                    continue;
                }

                checkedCount++;
                if (!report.Success)
                {
                    failures.Add($"{benchmark.DisplayInfo}: did not run");
                    continue;
                }

                long? bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmark);
                if (bytes is null or > 0)
                {
                    failures.Add($"{benchmark.DisplayInfo}: {bytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} B/op");
                }
            }
        }

        Console.WriteLine($"Allocation gate: {checkedCount} FastMetrics record-path/scrape benchmarks checked, {failures.Count} allocated.");
        foreach (string failure in failures)
        {
            Console.WriteLine("  ALLOCATES: " + failure);
        }

        return checkedCount > 0 && failures.Count == 0 ? 0 : 1;
    }
}
