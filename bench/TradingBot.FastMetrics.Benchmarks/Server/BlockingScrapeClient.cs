using System;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TradingBot.FastMetrics.Benchmarks.Server;

/// <summary>A keep-alive scrape client that allocates nothing per scrape, so process-wide allocation deltas measure the server.</summary>
public sealed class BlockingScrapeClient : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _request;
    private byte[] _buffer = new byte[1024 * 1024];

    public BlockingScrapeClient(int port, string extraHeaders)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 10_000 };
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        _request = Encoding.ASCII.GetBytes($"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n{extraHeaders}\r\n");
    }

    public int Scrape()
    {
        _socket.Send(_request);
        int received = 0;
        int headEnd;
        while ((headEnd = _buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8)) < 0)
        {
            received += Receive(received);
        }

        ReadOnlySpan<byte> head = _buffer.AsSpan(0, headEnd);
        int at = head.IndexOf("Content-Length: "u8);
        if (at < 0 || !Utf8Parser.TryParse(head[(at + 16)..], out int length, out _))
        {
            throw new InvalidOperationException("Response without Content-Length.");
        }

        int total = headEnd + 4 + length;
        if (total > _buffer.Length)
        {
            Array.Resize(ref _buffer, total);
        }

        while (received < total)
        {
            received += Receive(received);
        }

        return length;
    }

    public void Dispose() => _socket.Dispose();

    private int Receive(int offset)
    {
        int read = _socket.Receive(_buffer, offset, _buffer.Length - offset, SocketFlags.None);
        return read > 0 ? read : throw new InvalidOperationException("Server closed the connection.");
    }
}
