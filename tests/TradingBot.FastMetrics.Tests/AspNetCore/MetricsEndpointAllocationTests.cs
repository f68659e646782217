using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TradingBot.FastMetrics.AspNetCore;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.AspNetCore;

[Collection(AllocationMeasurementGroup.Name)]
public sealed class MetricsEndpointAllocationTests
{
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/openmetrics-text; version=1.0.0")]
    public void Scrape_OurSide_SteadyState_AllocatesZeroBytes(string accept)
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> orders = registry.CreateCounterFamily("orders_total", "Orders.", ["symbol"]);
        for (int i = 0; i < 50; i++)
        {
            orders.WithLabels("S" + i).Inc(i);
        }

        registry.CreateHistogram("latency_seconds", "Latency.", [0.001, 0.01, 0.1, 1]).Observe(0.05);
        var endpoint = new MetricsEndpoint(new FastMetricsEndpointOptions { Source = new RegistryExposition(registry) });
        var body = new ReusedBodyFeature();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(body);
        context.Request.Headers.Accept = accept;
        context.Request.Headers.AcceptEncoding = "identity";
        for (int i = 0; i < 20; i++)
        {
            Assert.True(endpoint.InvokeAsync(context).IsCompletedSuccessfully);
            body.Buffer.Reset();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            _ = endpoint.InvokeAsync(context);
            body.Buffer.Reset();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        _ = endpoint.InvokeAsync(context);
        Assert.Contains("orders_total{symbol=\"S49\"} 49\n", System.Text.Encoding.UTF8.GetString(body.Buffer.WrittenSpan), StringComparison.Ordinal);
    }

    /// <summary>A response body whose PipeWriter writes into one reused pooled buffer, so only the endpoint's own allocations count.</summary>
    private sealed class ReusedBodyFeature : IHttpResponseBodyFeature
    {
        public ReusedBodyFeature() => Writer = new BufferPipeWriter(Buffer);

        public PooledBufferWriter Buffer { get; } = new(64 * 1024);

        public Stream Stream => throw new NotSupportedException();

        public PipeWriter Writer { get; }

        public Task CompleteAsync() => Task.CompletedTask;

        public void DisableBuffering()
        {
        }

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class BufferPipeWriter(PooledBufferWriter buffer) : PipeWriter
    {
        public override void Advance(int bytes) => buffer.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => buffer.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => buffer.GetSpan(sizeHint);

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => new(new FlushResult(false, false));
    }
}
