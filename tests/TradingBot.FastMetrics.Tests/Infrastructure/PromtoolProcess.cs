using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>Runs <c>promtool check metrics</c> over a scrape body.</summary>
/// <remarks>
/// promtool 2.42 exits 0 when clean, 3 when the input parses but has naming-lint problems only, and 1 on
/// a parse error ("error while linting: ..."). It has no flag to turn linting off for <c>check metrics</c>,
/// so callers treat exit 3 as lint output, not as an error.
/// </remarks>
public static class PromtoolProcess
{
    public const int ExitClean = 0;
    public const int ExitLintOnly = 3;

    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string scrape)
    {
        PrometheusFactAttribute.EnsureInstalled();
        var start = new ProcessStartInfo(PrometheusFactAttribute.PromtoolPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("metrics");
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        try
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(scrape);
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            return (process.ExitCode, (await stdout) + (await stderr));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
