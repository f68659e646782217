using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace TradingBot.FastMetrics.Server;

/// <content>Binding, the accept loop, and admission at the connection limit (evict the longest-idle, or turn away).</content>
public sealed partial class MetricsServer
{
    // Connections over the limit get their 503, then this long for the client to close first, so our
    // close does not turn into a reset that destroys the 503 before the client reads it.
    private static readonly TimeSpan s_overloadLinger = TimeSpan.FromMilliseconds(500);

    // One array for every 503: nothing is allocated per refused connection for the response itself.
    private static readonly byte[] s_serviceUnavailable = HttpResponses.ServiceUnavailableResponse.ToArray();

    private static Socket Listen(string host, int port, bool allowAny)
    {
        IPAddress address = ResolveHost(host, port, allowAny);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(512);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            string reason = ex.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "the port is already in use",
                SocketError.AddressNotAvailable => $"the address {address} is not available on this machine",
                SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
                _ => $"{ex.SocketErrorCode}: {ex.Message}",
            };
            ServerThrowHelper.ThrowBindException(host, port, reason, ex);
            throw;
        }
    }

    private static IPAddress ResolveHost(string host, int port, bool allowAny)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        IPAddress? address;
        if (host is "*" or "+")
        {
            address = IPAddress.Any;
        }
        else if (!IPAddress.TryParse(host, out address))
        {
            try
            {
                IPAddress[] addresses = Dns.GetHostAddresses(host);
                address = Array.Find(addresses, static a => a.AddressFamily == AddressFamily.InterNetwork)
                    ?? (addresses.Length > 0 ? addresses[0] : null);
            }
            catch (SocketException ex)
            {
                ServerThrowHelper.ThrowBindException(host, port, $"the host name cannot be resolved ({ex.SocketErrorCode})", ex);
            }

            if (address is null)
            {
                ServerThrowHelper.ThrowBindException(host, port, "the host name resolves to no address", null);
            }
        }

        if (!allowAny && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            ServerThrowHelper.ThrowArgumentException_BindAny(host, nameof(host));
        }

        return address;
    }

    private static X509Certificate2? LoadCertificate(MetricsServerOptions options)
    {
        string? path = options.CertificatePath;
        if (path is null)
        {
            return null;
        }

        try
        {
            string extension = Path.GetExtension(path);
            if (extension.Equals(".pem", StringComparison.OrdinalIgnoreCase) || extension.Equals(".crt", StringComparison.OrdinalIgnoreCase))
            {
                return X509Certificate2.CreateFromPemFile(path, options.CertificateKeyPath);
            }

            return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            ServerThrowHelper.ThrowInvalidOperationException_Certificate(path, ex);
            throw;
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        CancellationToken stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket? client = null;
                try
                {
                    client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
                    AcceptedHook?.Invoke(client);
                    Admit(client);
                }
                catch (Exception) when (stopping.IsCancellationRequested)
                {
                    client?.Dispose();
                    return;
                }
                catch (ObjectDisposedException) when (client is null)
                {
                    // The listener itself is gone: nothing more can be accepted.
                    return;
                }
                catch (Exception ex)
                {
                    // A client that reset before we accepted it, a transient resource shortage (EMFILE),
                    // or a bug: none may end the loop. Count it, tell the application, and back off
                    // briefly so a persistent error cannot spin a core.
                    client?.Dispose();
                    ReportAcceptError(ex);
                    await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _accepting, 0);
        }
    }

    private void ReportAcceptError(Exception error)
    {
        Interlocked.Increment(ref _acceptErrors);
        Metrics?.OnAcceptError();
        try
        {
            _options.AcceptErrorHandler?.Invoke(error);
        }
        catch (Exception)
        {
            // The application's handler must not be able to end the loop either.
        }
    }

    /// <summary>Registers a new connection and queues it to the thread pool; the accept loop does no request work.</summary>
    private void Admit(Socket client)
    {
        client.NoDelay = true;
        var connection = new HttpConnection(this, client);
        HttpConnection? evicted = null;
        bool admitted = true;
        lock (_lock)
        {
            if (_connections.Count >= _options.MaxConnections)
            {
                evicted = EvictLongestIdleUnsynchronized();
                admitted = evicted is not null;
            }

            if (admitted)
            {
                _connections.Add(connection);
            }
        }

        if (evicted is not null)
        {
            Interlocked.Increment(ref _evictedConnections);
            Metrics?.OnEvicted(EvictionReason.ConnectionLimit);
            evicted.Abort();
        }

        if (!admitted)
        {
            Interlocked.Increment(ref _rejectedConnections);
            Metrics?.OnRejected(RejectionReason.NoEvictableConnection);
            ThreadPool.UnsafeQueueUserWorkItem(static state => _ = RejectOverloadedAsync(state.Client, state.Tls), (Client: client, Tls: Certificate is not null), preferLocal: false);
            return;
        }

        Metrics?.OnOpened();
        ThreadPool.UnsafeQueueUserWorkItem(connection, preferLocal: false);
    }

    /// <summary>Picks the connection idle the longest with no request in progress, claims it and takes it off the list.</summary>
    /// <returns>The claimed connection, to be aborted after the lock is released; null when every connection is busy.</returns>
    private HttpConnection? EvictLongestIdleUnsynchronized()
    {
        while (true)
        {
            int oldest = -1;
            long oldestSince = long.MaxValue;
            for (int i = 0; i < _connections.Count; i++)
            {
                HttpConnection candidate = _connections[i];
                if (!candidate.IsBusy && candidate.IdleSince < oldestSince)
                {
                    oldest = i;
                    oldestSince = candidate.IdleSince;
                }
            }

            if (oldest < 0)
            {
                return null;
            }

            HttpConnection victim = _connections[oldest];

            // The claim fails only if it started a request since the scan; then pick again.
            if (victim.TryEvict())
            {
                _connections.RemoveAt(oldest);
                return victim;
            }
        }
    }

    private static async Task RejectOverloadedAsync(Socket client, bool tls)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            // Over TLS a plaintext 503 would be noise in the handshake; just close.
            if (!tls)
            {
                await client.SendAsync(s_serviceUnavailable, SocketFlags.None).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Send);
                using var linger = new CancellationTokenSource(s_overloadLinger);
                while (await client.ReceiveAsync(scratch, SocketFlags.None, linger.Token).ConfigureAwait(false) > 0)
                {
                }
            }
        }
        catch (Exception)
        {
            // The client is gone or too slow to close; either way we are done with it.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            client.Dispose();
        }
    }
}
