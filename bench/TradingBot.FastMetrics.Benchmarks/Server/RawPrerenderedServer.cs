using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TradingBot.FastMetrics.Benchmarks.Server;

/// <summary>The ceiling: a socket server that answers every request head with the same pre-rendered bytes.</summary>
/// <remarks>No parsing beyond finding each CRLFCRLF, no rendering: it bounds what any server can do on this machine.</remarks>
public sealed class RawPrerenderedServer : IDisposable
{
    private readonly Socket _listener;
    private readonly byte[] _response;
    private readonly CancellationTokenSource _stop = new();

    public RawPrerenderedServer(int port, byte[] response)
    {
        _response = response;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen(512);
        _ = AcceptAsync();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            client.NoDelay = true;
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        byte[] buffer = new byte[16 * 1024];
        int pending = 0;
        try
        {
            while (true)
            {
                int read = await client.ReceiveAsync(buffer.AsMemory(pending), SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                pending += read;
                int start = 0;
                int end;
                while ((end = buffer.AsSpan(start, pending - start).IndexOf("\r\n\r\n"u8)) >= 0)
                {
                    start += end + 4;
                    await client.SendAsync(_response, SocketFlags.None);
                }

                buffer.AsSpan(start, pending - start).CopyTo(buffer);
                pending -= start;
                if (pending == buffer.Length)
                {
                    return;
                }
            }
        }
        catch (Exception)
        {
            // Benchmark host: a client that goes away just ends its loop.
        }
        finally
        {
            client.Dispose();
        }
    }
}
