using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>A real Pushgateway on a free loopback port, with no persistence; dispose kills it.</summary>
public sealed class PushgatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PushgatewayProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    public HttpClient Http { get; }

    public static async Task<PushgatewayProcess> StartAsync()
    {
        if (!File.Exists(PushgatewayFactAttribute.BinaryPath))
        {
            throw new InvalidOperationException($"CI=true but {PushgatewayFactAttribute.BinaryPath} is missing; .ci/run must `apt-get install -y prometheus-pushgateway`.");
        }

        int port = FreeTcpPort.Find();
        var start = new ProcessStartInfo(PushgatewayFactAttribute.BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        start.ArgumentList.Add("--log.level=warn");
        Process process = Process.Start(start) ?? throw new InvalidOperationException("Pushgateway did not start.");
        var gateway = new PushgatewayProcess(process, port);
        process.OutputDataReceived += gateway.OnOutput;
        process.ErrorDataReceived += gateway.OnOutput;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            try
            {
                using HttpResponseMessage ready = await gateway.Http.GetAsync("-/ready", deadline.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return gateway;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || deadline.IsCancellationRequested)
            {
                gateway.Dispose();
                throw new InvalidOperationException($"Pushgateway did not become ready: {gateway._log}");
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    public Task<string> MetricsAsync() => Http.GetStringAsync("metrics");

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
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
