using System;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Runner.Simulation;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>The headless runner as a child process (<c>dotnet TradingBot.FastMetrics.Runner.dll ...</c>), with its stdout and stderr captured.</summary>
/// <remarks>Dispose kills the process tree if it is still running; every wait is bounded.</remarks>
public sealed partial class RunnerProcess : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<int> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunnerProcess(Process process) => _process = process;

    /// <summary>Gets the runner's dll in the test output folder, where the project reference copies it with its runtimeconfig.json.</summary>
    public static string DllPath => typeof(TradingSimulation).Assembly.Location;

    public int Id => _process.Id;

    /// <summary>Gets the port from the runner's "Serving" line; only valid after <see cref="StartServingAsync"/>.</summary>
    public int Port => _serving.Task.IsCompletedSuccessfully ? _serving.Task.Result : throw new InvalidOperationException("The runner has not reported its port.");

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Gets both streams, for failure messages.</summary>
    public string Output => $"stdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    /// <summary>Starts the runner with exactly these arguments and does not wait for anything.</summary>
    public static RunnerProcess Start(params string[] args)
    {
        // DOTNET_HOST_PATH is set by the SDK for the processes it starts; outside it, the muxer on PATH.
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            // Redirected so the runner never reads the test host's stdin.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{host} {DllPath} did not start.");
        var runner = new RunnerProcess(process);
        process.OutputDataReceived += runner.OnOutput;
        process.ErrorDataReceived += runner.OnError;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runner;
    }

    /// <summary>Starts the runner on 127.0.0.1 and a port of the kernel's choosing, and waits for its "Serving" line.</summary>
    /// <remarks>Port 0 rather than <see cref="FreeTcpPort"/>: nothing can take the port between choosing and binding it.</remarks>
    public static async Task<RunnerProcess> StartServingAsync(params string[] args)
    {
        RunnerProcess runner = Start(["--host", "127.0.0.1", "--port", "0", .. args]);
        try
        {
            Task exited = runner._process.WaitForExitAsync();
            Task first = await Task.WhenAny(runner._serving.Task, exited, Task.Delay(StartTimeout));
            if (first != runner._serving.Task)
            {
                string why = first == exited ? $"exited with {runner._process.ExitCode}" : $"did not report serving within {StartTimeout.TotalSeconds} s";
                throw new InvalidOperationException($"The runner {why}.\n{runner.Output}");
            }

            return runner;
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }

    /// <summary>Sends a signal by name (TERM, INT) with the system's <c>kill</c>.</summary>
    public async Task SignalAsync(string signal)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-s");
        start.ArgumentList.Add(signal);
        start.ArgumentList.Add(_process.Id.ToString(CultureInfo.InvariantCulture));
        using Process kill = Process.Start(start) ?? throw new InvalidOperationException("kill did not start.");
        Task<string> error = kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {_process.Id} exited with {kill.ExitCode}: {await error}");
        }
    }

    /// <summary>Waits for the runner to exit and for both streams to reach their end; throws with the output on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? ExitTimeout;
        try
        {
            await Task.WhenAll(_process.WaitForExitAsync(), _stdoutClosed.Task, _stderrClosed.Task).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The runner did not exit within {limit.TotalSeconds} s.\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends one GET over a fresh loopback connection and reads the response.</summary>
    public async Task<RawHttpResponse> GetAsync(string path, string? accept = null)
    {
        using RawHttpClient client = await RawHttpClient.ConnectAsync(Port);
        string acceptHeader = accept is null ? string.Empty : $"Accept: {accept}\r\n";
        await client.SendAsync($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{acceptHeader}Connection: close\r\n\r\n");
        return await client.ReadResponseAsync();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    [GeneratedRegex(@"^Serving http://[^ ]*:(\d+)/metrics")]
    private static partial Regex ServingLine();

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            _stdoutClosed.TrySetResult();
            return;
        }

        lock (_stdout)
        {
            _stdout.AppendLine(e.Data);
        }

        Match serving = ServingLine().Match(e.Data);
        if (serving.Success)
        {
            _serving.TrySetResult(int.Parse(serving.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
        }
    }

    private void OnError(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            _stderrClosed.TrySetResult();
            return;
        }

        lock (_stderr)
        {
            _stderr.AppendLine(e.Data);
        }
    }
}
