using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>A loopback TCP client that sends exact bytes and reads responses byte-exactly; every wait is bounded.</summary>
public sealed class RawHttpClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawHttpClient(Socket socket) => _socket = socket;

    public static async Task<RawHttpClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        return new RawHttpClient(socket);
    }

    public Socket Socket => _socket;

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, timeout.Token);
        }
    }

    /// <summary>Reads one response; for a HEAD request the body is not read even though Content-Length is set.</summary>
    public async Task<RawHttpResponse> ReadResponseAsync(bool head = false, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        int headEnd;
        while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!await FillAsync(cts.Token))
            {
                throw new InvalidOperationException($"Connection closed before a full response head; got: {Encoding.Latin1.GetString(_buffer, _start, _end - _start)}");
            }
        }

        string headText = Encoding.Latin1.GetString(_buffer, _start, headEnd);
        _start += headEnd + 4;
        var response = new RawHttpResponse(headText, []);
        string? length = response.Header("Content-Length");
        int bodyLength = head || length is null ? 0 : int.Parse(length);
        while (_end - _start < bodyLength)
        {
            if (!await FillAsync(cts.Token))
            {
                throw new InvalidOperationException("Connection closed in the middle of a body.");
            }
        }

        byte[] body = _buffer.AsSpan(_start, bodyLength).ToArray();
        _start += bodyLength;
        return new RawHttpResponse(headText, body);
    }

    /// <summary>Returns true when the server closes the connection (EOF or reset) with no further bytes, within the timeout.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        if (_end > _start)
        {
            return false;
        }

        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return !await FillAsync(cts.Token);
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Closes abruptly with a TCP reset.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        _end += read;
        return read > 0;
    }
}
