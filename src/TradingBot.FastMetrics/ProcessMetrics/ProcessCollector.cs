using System;
using System.Threading;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.ProcessMetrics;

/// <summary>
/// Exports the standard process series every Prometheus user knows from client_golang:
/// <c>process_cpu_seconds_total</c>, <c>process_resident_memory_bytes</c>, <c>process_virtual_memory_bytes</c>,
/// <c>process_open_fds</c>, <c>process_max_fds</c> and <c>process_start_time_seconds</c>.
/// </summary>
/// <remarks>
/// <para>
/// Opt-in: call <see cref="Register"/>. The values are read once at the start of each scrape. On Linux they come
/// from <c>/proc/self/stat</c>, <c>/proc/self/limits</c> and <c>/proc/self/fd</c> through a reused buffer, so a
/// steady-state scrape allocates nothing. Elsewhere (Windows, macOS) the fallback is
/// <see cref="System.Diagnostics.Process"/>: CPU time, working set, virtual size, handle count as open descriptors
/// and the start time; <c>process_max_fds</c> is left out there, and each refresh allocates a little.
/// </para>
/// <para>The .NET runtime's own series (GC, heap, thread pool, lock contention, exceptions) come from the
/// <c>System.Runtime</c> meter through <see cref="Instrumentation.MeterBridge"/>.</para>
/// </remarks>
public sealed class ProcessCollector : IDisposable
{
    private readonly MetricRegistry _registry;
    private readonly Action _refresh;
    private readonly Lock _lock = new();
    private readonly ProcfsReader? _procfs;
    private readonly System.Diagnostics.Process? _process;
    private double _cpuSeconds;
    private double _residentBytes;
    private double _virtualBytes;
    private double _openFds;
    private double _maxFds;

    private ProcessCollector(MetricRegistry registry)
    {
        _registry = registry;
        _refresh = Refresh;
        double startTime;
        if (ProcfsReader.IsSupported)
        {
            _procfs = new ProcfsReader();
            if (!ProcfsReader.TryReadStartTime(out startTime))
            {
                startTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            }
        }
        else
        {
            _process = System.Diagnostics.Process.GetCurrentProcess();
            startTime = new DateTimeOffset(_process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        }

        Refresh();
        registry.CreateCallbackCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", () => Volatile.Read(ref _cpuSeconds));
        registry.CreateCallbackGauge("process_resident_memory_bytes", "Resident memory size in bytes.", () => Volatile.Read(ref _residentBytes));
        registry.CreateCallbackGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", () => Volatile.Read(ref _virtualBytes));
        registry.CreateCallbackGauge("process_open_fds", "Number of open file descriptors.", () => Volatile.Read(ref _openFds));
        if (_procfs is not null)
        {
            registry.CreateCallbackGauge("process_max_fds", "Maximum number of open file descriptors.", () => Volatile.Read(ref _maxFds));
        }

        registry.CreateCallbackGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", () => startTime);
        registry.AddBeforeScrapeCallback(_refresh);
    }

    /// <summary>Registers the process series in <paramref name="registry"/> and refreshes them at every scrape.</summary>
    /// <param name="registry">The registry to export into.</param>
    /// <returns>The collector; dispose it to stop refreshing (the series keep their last values).</returns>
    /// <exception cref="InvalidOperationException">A <c>process_*</c> name is already registered differently.</exception>
    public static ProcessCollector Register(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new ProcessCollector(registry);
    }

    /// <summary>Stops refreshing at scrape time.</summary>
    public void Dispose() => _registry.RemoveBeforeScrapeCallback(_refresh);

    private void Refresh()
    {
        lock (_lock)
        {
            if (_procfs is not null)
            {
                if (_procfs.TryReadStat(out double cpu, out double virtualBytes, out double resident))
                {
                    Volatile.Write(ref _cpuSeconds, cpu);
                    Volatile.Write(ref _virtualBytes, virtualBytes);
                    Volatile.Write(ref _residentBytes, resident);
                }

                if (_procfs.TryCountOpenFds(out double open))
                {
                    Volatile.Write(ref _openFds, open);
                }

                if (_procfs.TryReadMaxFds(out double max))
                {
                    Volatile.Write(ref _maxFds, max);
                }
            }
            else if (_process is not null)
            {
                _process.Refresh();
                Volatile.Write(ref _cpuSeconds, _process.TotalProcessorTime.TotalSeconds);
                Volatile.Write(ref _virtualBytes, _process.VirtualMemorySize64);
                Volatile.Write(ref _residentBytes, _process.WorkingSet64);
                Volatile.Write(ref _openFds, _process.HandleCount);
            }
        }
    }
}
