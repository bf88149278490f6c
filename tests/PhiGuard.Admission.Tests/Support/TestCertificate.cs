using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PhiGuard.Admission.Tests.Support;

/// <summary>A self-signed serving certificate for 127.0.0.1 written as PEM files, as cert-manager would mount them.</summary>
internal static class TestCertificate
{
    public static string Write(string certPath, string keyPath, string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        return cert.Thumbprint;
    }
}
