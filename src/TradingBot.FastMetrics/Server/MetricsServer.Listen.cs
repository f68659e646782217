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

/// <content>Binding, the accept loop, and turning away connections over the limit.</content>
public sealed partial class MetricsServer
{
    // Connections over the limit get their 503, then this long for the client to close first, so our
    // close does not turn into a reset that destroys the 503 before the client reads it.
    private static readonly TimeSpan s_overloadLinger = TimeSpan.FromMilliseconds(500);

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
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A client that reset before we accepted it, or a transient resource shortage (EMFILE):
                // neither may end the loop. Back off briefly so a persistent error cannot spin a core.
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            try
            {
                Admit(client);
            }
            catch (Exception)
            {
                client.Dispose();
            }
        }
    }

    private void Admit(Socket client)
    {
        client.NoDelay = true;
        HttpConnection? connection = null;
        lock (_lock)
        {
            if (_connections.Count < _options.MaxConnections)
            {
                connection = new HttpConnection(this, client);
                _connections.Add(connection);
            }
        }

        if (connection is null)
        {
            Interlocked.Increment(ref _rejectedConnections);
            _ = RejectOverloadedAsync(client, Certificate is not null);
            return;
        }

        connection.Start();
    }

    private static async Task RejectOverloadedAsync(Socket client, bool tls)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            // Over TLS a plaintext 503 would be noise in the handshake; just close.
            if (!tls)
            {
                await client.SendAsync(HttpResponses.ServiceUnavailableResponse.ToArray(), SocketFlags.None).ConfigureAwait(false);
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
