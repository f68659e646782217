using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Server;

/// <content>Bearer and basic authentication, and TLS from a certificate file.</content>
public sealed partial class MetricsServerTests
{
    [Theory]
    [InlineData("", 401)]
    [InlineData("Authorization: Bearer wrong\r\n", 401)]
    [InlineData("Authorization: Bearer s3cret-token-x\r\n", 401)]
    [InlineData("Authorization: Basic czNjcmV0LXRva2Vu\r\n", 401)]
    [InlineData("Authorization: Bearer s3cret-token\r\n", 200)]
    [InlineData("Authorization: bearer   s3cret-token\r\n", 200)]
    public async Task Get_BearerAuthentication_OnlyTheTokenGets200(string authorization, int status)
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o => o.BearerToken = "s3cret-token");
        using RawHttpClient client = await host.ConnectAsync();

        await client.SendAsync($"GET /metrics HTTP/1.1\r\nHost: x\r\n{authorization}\r\n");
        RawHttpResponse response = await client.ReadResponseAsync();

        Assert.Equal(status, response.StatusCode);
        if (status == 401)
        {
            Assert.Equal("HTTP/1.1 401 Unauthorized", response.StatusLine);
            Assert.Equal("Bearer realm=\"metrics\"", response.Header("WWW-Authenticate"));
            Assert.Equal(0, host.Server.ScrapeCount);

            // Issue 8: a client that cannot authenticate gets no keep-alive slot to sit in.
            Assert.Equal("close", response.Header("Connection"));
            Assert.True(await client.WaitForCloseAsync());
            return;
        }

        await client.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret-token\r\n\r\n");
        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
    }

    [Theory]
    [InlineData("prometheus", "pa:ss", 200)]
    [InlineData("prometheus", "wrong", 401)]
    [InlineData("other", "pa:ss", 401)]
    public async Task Get_BasicAuthentication_OnlyTheCredentialsGet200(string user, string password, int status)
    {
        await using MetricsServerHarness host = MetricsServerHarness.Start(o =>
        {
            o.BasicUserName = "prometheus";
            o.BasicPassword = "pa:ss";
        });
        using RawHttpClient client = await host.ConnectAsync();
        string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

        await client.SendAsync($"GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {credentials}\r\n\r\n");
        RawHttpResponse response = await client.ReadResponseAsync();

        Assert.Equal(status, response.StatusCode);
        if (status == 401)
        {
            Assert.Equal("Basic realm=\"metrics\", charset=\"UTF-8\"", response.Header("WWW-Authenticate"));
        }
    }

    [Theory]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task Get_OverTls_ServesScrapeFromCertificateFile(string kind)
    {
        using var certificate = new SelfSignedCertificateFile(pem: kind == "pem");
        string path = certificate.Path;
        string thumbprint = certificate.Thumbprint;
        await using MetricsServerHarness host = MetricsServerHarness.Start(o =>
        {
            o.CertificatePath = path;
            o.CertificatePassword = "pw";
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.Port), timeout.Token);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), false, (_, presented, _, _) => presented?.GetCertHashString() == thumbprint);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
        await ssl.WriteAsync("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout.Token);
        using var received = new MemoryStream();
        await ssl.CopyToAsync(received, timeout.Token);

        string text = Encoding.UTF8.GetString(received.ToArray());
        int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Equal(host.Exposition.WriteToString(ExpositionFormat.PrometheusText), text[(split + 4)..]);
    }

    [Fact]
    public void Start_MissingCertificateFile_ThrowsNamingIt()
    {
        var server = new TradingBot.FastMetrics.Server.MetricsServer(
            new RegistryExposition(new TradingBot.FastMetrics.Metrics.MetricRegistry()),
            new TradingBot.FastMetrics.Server.MetricsServerOptions { Host = "127.0.0.1", Port = 0, CertificatePath = "/nonexistent/cert.pfx" });

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(server.Start);

        Assert.Contains("/nonexistent/cert.pfx", error.Message, StringComparison.Ordinal);
        server.Dispose();
    }
}
