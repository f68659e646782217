using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>Runs <c>promtool</c> and captures its exit code and output.</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public static bool IsInstalled => File.Exists(Path);

    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string? stdin, params string[] args)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"{Path} is not installed; CI must provide it (the tests only skip without it when CI is not 'true').");
        }

        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        Task exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(s_timeout)) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', args)} did not finish within {s_timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
