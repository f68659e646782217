using System.Buffers;
using System.Threading;
using TradingBot.FastMetrics.Exposition;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>An exposition that counts its renders and, while closed, holds each render until <see cref="Open"/> (bounded wait).</summary>
public sealed class GatedExposition : IExpositionSource
{
    private readonly ManualResetEventSlim _gate;
    private readonly byte[] _body;
    private int _renders;
    private int _entered;

    public GatedExposition(byte[] body, bool open = false)
    {
        _body = body;
        _gate = new ManualResetEventSlim(open);
    }

    public int Renders => Volatile.Read(ref _renders);

    /// <summary>Gets how many renders have started (and may be waiting at the gate).</summary>
    public int Entered => Volatile.Read(ref _entered);

    public void Open() => _gate.Set();

    public void WriteTo(IBufferWriter<byte> output, ExpositionFormat format)
    {
        Interlocked.Increment(ref _entered);
        _gate.Wait(RawHttpClient.DefaultTimeout);
        Interlocked.Increment(ref _renders);
        output.Write(_body);
    }
}
