using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>A throwaway self-signed localhost certificate written to a temp file (PKCS#12 or PEM); deleted on dispose.</summary>
public sealed class SelfSignedCertificateFile : IDisposable
{
    private readonly string _directory;

    public SelfSignedCertificateFile(bool pem = false, string password = "pw")
    {
        _directory = Directory.CreateTempSubdirectory("fastmetrics-tls-").FullName;
        Path = System.IO.Path.Combine(_directory, pem ? "server.pem" : "server.pfx");
        Password = password;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.GetCertHashString();
        if (pem)
        {
            File.WriteAllText(Path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        }
        else
        {
            File.WriteAllBytes(Path, certificate.Export(X509ContentType.Pfx, password));
        }
    }

    public string Path { get; }

    public string Password { get; }

    public string Thumbprint { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
