using System;
using System.Threading;

namespace TradingBot.FastMetrics.Benchmarks.Infrastructure;

/// <summary>Keeps N worker threads parked and runs one action on all of them at once, returning when all finish.</summary>
/// <remarks>Threads are created once, so an invocation measures only the work and two barrier crossings.</remarks>
public sealed class ParallelRunner : IDisposable
{
    private readonly Thread[] _threads;
    private readonly Barrier _start;
    private readonly Barrier _done;
    private volatile Action? _work;
    private volatile bool _stopping;

    public ParallelRunner(int threads)
    {
        _start = new Barrier(threads + 1);
        _done = new Barrier(threads + 1);
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = "bench-worker-" + i };
            _threads[i].Start();
        }
    }

    public void Run(Action work)
    {
        _work = work;
        _start.SignalAndWait();
        _done.SignalAndWait();
    }

    public void Dispose()
    {
        _stopping = true;
        _start.SignalAndWait();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        _start.Dispose();
        _done.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            _work!();
            _done.SignalAndWait();
        }
    }
}
