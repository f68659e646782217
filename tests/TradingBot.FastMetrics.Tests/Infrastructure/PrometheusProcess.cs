using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>A real Prometheus server on a free loopback port, scraping one target every second, with its TSDB in a temp directory.</summary>
/// <remarks>Dispose kills the process (and its tree) and deletes the directory; every wait is bounded.</remarks>
public sealed class PrometheusProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;

    private PrometheusProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public int Port { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus scraping <c>127.0.0.1:targetPort</c>; over https (certificate not verified) with a bearer token when given.</summary>
    /// <param name="targetPort">The target's port.</param>
    /// <param name="https">Whether to scrape over https.</param>
    /// <param name="bearerToken">The bearer token to send, if any.</param>
    /// <param name="features">Values for <c>--enable-feature</c>, such as <c>native-histograms,exemplar-storage</c>.</param>
    public static PrometheusProcess Start(int targetPort, bool https = false, string? bearerToken = null, string? features = null)
    {
        PrometheusFactAttribute.EnsureInstalled();
        string directory = Directory.CreateTempSubdirectory("fastmetrics-prometheus-").FullName;
        string config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: fastmetrics
                scheme: {(https ? "https" : "http")}
                tls_config:
                  insecure_skip_verify: true
            {(bearerToken is null ? string.Empty : $"    authorization:\n      credentials: '{bearerToken}'\n")}    static_configs:
                  - targets: ['127.0.0.1:{targetPort}']
            """);
        return StartWithConfig(directory, config, features);
    }

    /// <summary>Starts Prometheus with a configuration file already written into <paramref name="directory"/>, which Dispose deletes.</summary>
    public static PrometheusProcess StartWithConfig(string directory, string config, string? features = null)
    {
        PrometheusFactAttribute.EnsureInstalled();
        int port = FreeTcpPort.Find();
        var start = new ProcessStartInfo(PrometheusFactAttribute.PrometheusPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(directory, "data")}");
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        start.ArgumentList.Add("--log.level=warn");
        if (features is not null)
        {
            start.ArgumentList.Add($"--enable-feature={features}");
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("Prometheus did not start.");
        var prometheus = new PrometheusProcess(process, directory, port);
        process.OutputDataReceived += prometheus.OnOutput;
        process.ErrorDataReceived += prometheus.OnOutput;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return prometheus;
    }

    /// <summary>GETs an API path and returns its <c>data</c> element.</summary>
    public async Task<JsonElement> GetDataAsync(string pathAndQuery)
    {
        string json = await _http.GetStringAsync(new Uri(pathAndQuery, UriKind.Relative));
        using JsonDocument document = JsonDocument.Parse(json);
        if (document.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus API {pathAndQuery} failed: {json}");
        }

        return document.RootElement.GetProperty("data").Clone();
    }

    /// <summary>Runs an instant query and returns its result vector.</summary>
    public async Task<JsonElement> QueryAsync(string promql) =>
        (await GetDataAsync("api/v1/query?query=" + Uri.EscapeDataString(promql))).GetProperty("result");

    /// <summary>Waits until Prometheus has its one target up, with no scrape error.</summary>
    public Task WaitForTargetUpAsync(TimeSpan timeout, string what) =>
        WaitUntilAsync(
            async () =>
            {
                JsonElement targets = (await GetDataAsync("api/v1/targets")).GetProperty("activeTargets");
                return targets.GetArrayLength() == 1
                    && targets[0].GetProperty("health").GetString() == "up"
                    && targets[0].GetProperty("lastError").GetString() == string.Empty;
            },
            timeout,
            what);

    /// <summary>Polls until <paramref name="condition"/> holds, failing with Prometheus's log after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        Exception? last = null;
        while (!cts.IsCancellationRequested)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with {_process.ExitCode}: {Log}");
            }

            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or KeyNotFoundException)
            {
                last = ex;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        throw new TimeoutException($"Timed out waiting for {what}. Last error: {last?.Message}. Prometheus log: {Log}");
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
            _http.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // Prometheus may still be releasing its TSDB files; a temp directory left behind is harmless.
            }
        }
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not null)
        {
            lock (_log)
            {
                _log.AppendLine(e.Data);
            }
        }
    }
}
