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

    /// <summary>Parses an OpenMetrics body with promtool's OpenMetrics parser (exemplars included) by importing it into a throw-away TSDB.</summary>
    /// <remarks>
    /// <c>check metrics</c> in 2.42 reads only the 0.0.4 text format, which has no exemplars;
    /// <c>tsdb create-blocks-from openmetrics</c> runs Prometheus's OpenMetrics parser, and it needs a timestamp
    /// on every sample, so the caller adds them.
    /// </remarks>
    public static async Task<(int ExitCode, string Output)> ImportOpenMetricsAsync(string body)
    {
        PrometheusFactAttribute.EnsureInstalled();
        string directory = System.IO.Directory.CreateTempSubdirectory("fastmetrics-promtool-").FullName;
        try
        {
            string input = System.IO.Path.Combine(directory, "scrape.om");
            await System.IO.File.WriteAllTextAsync(input, body);
            var start = new ProcessStartInfo(PrometheusFactAttribute.PromtoolPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "tsdb", "create-blocks-from", "openmetrics", input, System.IO.Path.Combine(directory, "blocks") })
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
            try
            {
                Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                Task<string> stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
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
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

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
