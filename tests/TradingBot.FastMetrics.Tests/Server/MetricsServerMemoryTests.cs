using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TradingBot.FastMetrics.Tests.Server;

/// <summary>Issue 8: what idle connections cost the server; measures process-wide memory, so it runs alone.</summary>
[Collection(AllocationMeasurementGroup.Name)]
public sealed class MetricsServerMemoryTests
{
    private readonly ITestOutputHelper _output;

    public MetricsServerMemoryTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Idle_64ConnectionsAfterOneScrapeEach_ServerHoldsAtMostTwoScrapesAboveBaseline()
    {
        // About 1 MB of text, so a scrape-sized buffer per connection (64 MB) could not hide in the noise.
        var registry = new MetricRegistry();
        MetricFamily<Counter> wide = registry.CreateCounterFamily("test_memory_total", "Many series.", ["id"], cardinalityLimit: 20_000);
        for (int i = 0; i < 16_000; i++)
        {
            wide.WithLabels(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc(i);
        }

        int scrapeBytes = Encoding.UTF8.GetByteCount(new RegistryExposition(registry).WriteToString());
        await using var server = MetricsServerTests.StartServer(new RegistryExposition(registry));
        byte[] scratch = new byte[2 * 1024 * 1024];
        // Warm-up on as many connections as thread-pool threads may serve them: the exposition's pooled
        // scratch arrays then already sit in each thread's ArrayPool cache, which is process state, not
        // something the idle connections below hold.
        for (int i = 0; i < 16; i++)
        {
            using Socket warm = ConnectBlocking(server.Port);
            Assert.Equal(scrapeBytes, ScrapeBlocking(warm, scratch));
        }

        await MetricsServerTests.WaitUntilAsync(() => server.ConnectionCount == 0 && server.Renderer.RetainedBufferCount <= 1);
        long baseline = SettledMemory();
        var idle = new List<Socket>();
        try
        {
            for (int i = 0; i < 64; i++)
            {
                Socket socket = ConnectBlocking(server.Port);
                idle.Add(socket);
                Assert.Equal(scrapeBytes, ScrapeBlocking(socket, scratch));
            }

            // A slot keeps a second free buffer while scrapes overlap; the heartbeat trims it once idle.
            await MetricsServerTests.WaitUntilAsync(() => server.Renderer.RetainedBufferCount <= 1);
            long held = SettledMemory() - baseline;

            Assert.Equal(64, server.ConnectionCount);
            _output.WriteLine($"64 idle connections hold {held:N0} bytes above baseline; one scrape is {scrapeBytes:N0}; the renderer keeps {server.Renderer.RetainedBytes:N0}");
            Assert.True(held <= 2L * scrapeBytes, $"64 idle connections hold {held:N0} bytes; one scrape is {scrapeBytes:N0}");
            Assert.Equal(1, server.Renderer.RetainedBufferCount);
        }
        finally
        {
            MetricsServerTests.DisposeAll(idle);
        }
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Socket ConnectBlocking(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000, SendTimeout = 10_000 };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    /// <summary>One keep-alive scrape through a caller-owned buffer, so 64 clients cost no per-client buffer in the measurement.</summary>
    private static int ScrapeBlocking(Socket socket, byte[] scratch)
    {
        socket.Send(Encoding.ASCII.GetBytes(MetricsServerTests.Scrape));
        int received = 0;
        int headEnd;
        while ((headEnd = scratch.AsSpan(0, received).IndexOf("\r\n\r\n"u8)) < 0)
        {
            received += ReceiveOrThrow(socket, scratch, received);
        }

        ReadOnlySpan<byte> head = scratch.AsSpan(0, headEnd);
        int at = head.IndexOf("Content-Length: "u8);
        int length = -1;
        Assert.True(at >= 0 && Utf8Parser.TryParse(head[(at + 16)..], out length, out _));
        while (received < headEnd + 4 + length)
        {
            received += ReceiveOrThrow(socket, scratch, received);
        }

        return length;
    }

    private static int ReceiveOrThrow(Socket socket, byte[] scratch, int offset)
    {
        int n = socket.Receive(scratch, offset, scratch.Length - offset, SocketFlags.None);
        return n > 0 ? n : throw new InvalidOperationException("Closed mid-response.");
    }

}
