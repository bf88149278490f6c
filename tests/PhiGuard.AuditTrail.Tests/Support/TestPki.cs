using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PhiGuard.AuditTrail.Tests.Support;

/// <summary>A throwaway CA with a server certificate for 127.0.0.1 and client certificates, made fresh per test.</summary>
internal sealed class TestPki : IDisposable
{
    public TestPki()
    {
        Ca = MakeCa("CN=phiguard-test-ca");
        Server = Issue(Ca, "CN=127.0.0.1", server: true);
        Client = Issue(Ca, "CN=kube-apiserver", server: false);
        using var otherCa = MakeCa("CN=someone-else");
        Stranger = Issue(otherCa, "CN=kube-apiserver", server: false);
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    /// <summary>A client certificate from a CA the sink does not trust.</summary>
    public X509Certificate2 Stranger { get; }

    public HttpClient HttpClient(X509Certificate2? clientCert)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(Ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return cert is X509Certificate2 c && chain.Build(c);
        };
        if (clientCert is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCert];
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Writes ca.crt, server.crt and server.key (PEM) into <paramref name="dir"/> for a sink run as a process.</summary>
    public void WritePem(string dir)
    {
        File.WriteAllText(Path.Combine(dir, "ca.crt"), Ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "server.crt"), Server.ExportCertificatePem());
        using var key = Server.GetECDsaPrivateKey()!;
        File.WriteAllText(Path.Combine(dir, "server.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        Stranger.Dispose();
    }

    private static X509Certificate2 MakeCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            req.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var cert = req.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), serial);

        // A PFX round trip gives Kestrel and SslStream a certificate whose private key they can use on Linux.
        return X509CertificateLoader.LoadPkcs12(cert.CopyWithPrivateKey(key).Export(X509ContentType.Pfx), null);
    }
}
