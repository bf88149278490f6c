using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PhiGuard.Cli.Tests;

/// <summary>
/// <c>phiguard etcd verify-encryption</c> against a real etcd: the test writes encrypted-looking and plaintext
/// values through etcd's JSON gateway and expects the right verdict per key, and no value bytes in the output.
/// </summary>
public sealed class EtcdVerifyEncryptionTests
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("PAYLOAD-MUST-NOT-BE-PRINTED");

    [Fact]
    public void Each_sampled_secret_gets_the_verdict_of_its_stored_prefix()
    {
        using var etcd = new EtcdServer();
        etcd.Put("/registry/secrets/ehr-prod/db", [.. "k8s:enc:kms:v2:vault-kms:"u8, .. Payload]);
        etcd.Put("/registry/secrets/ehr-prod/tls", [.. "k8s:enc:kms:v2:vault-kms:"u8, 0x00, 0xff, .. Payload]);
        etcd.Put("/registry/secrets/kube-system/old", [.. "k8s:enc:aescbc:v1:key1:"u8, .. Payload]);
        etcd.Put("/registry/secrets/default/plain", [.. "k8s\0\n\u000cv1"u8, .. Payload]);
        etcd.Put("/registry/secrets/default/json", [.. "{\"kind\":\"Secret\",\"data\":\""u8, .. Payload]);
        etcd.Put("/registry/configmaps/default/not-sampled", Payload);

        var r = CliRunner.Run(["etcd", "verify-encryption", "--endpoints", etcd.Endpoint, "--sample", "100", "-f", "json"]);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.DoesNotContain("PAYLOAD", r.Stdout + r.Stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.False(doc.RootElement.GetProperty("proven").GetBoolean());
        Assert.Equal(5, doc.RootElement.GetProperty("totalKeys").GetInt64());
        var verdicts = doc.RootElement.GetProperty("sample").EnumerateArray()
            .ToDictionary(s => s.GetProperty("key").GetString()!, s => (s.GetProperty("verdict").GetString(), s.GetProperty("storedPrefix").GetString()));
        Assert.Equal(5, verdicts.Count);
        Assert.Equal(("encrypted-kms-v2", "k8s:enc:kms:v2:vault-kms:"), verdicts["/registry/secrets/ehr-prod/db"]);
        Assert.Equal(("encrypted-kms-v2", "k8s:enc:kms:v2:vault-kms:"), verdicts["/registry/secrets/ehr-prod/tls"]);
        Assert.Equal(("encrypted-static-key", "k8s:enc:aescbc:v1:key1:"), verdicts["/registry/secrets/kube-system/old"]);
        Assert.Equal(("plaintext", "k8s\\0"), verdicts["/registry/secrets/default/plain"]);
        Assert.Equal(("plaintext", "{"), verdicts["/registry/secrets/default/json"]);
    }

    [Fact]
    public void All_kms_v2_is_proven_and_a_sample_reads_only_some_values()
    {
        using var etcd = new EtcdServer();
        for (var i = 0; i < 30; i++)
        {
            etcd.Put($"/registry/secrets/ns/s{i:D2}", [.. "k8s:enc:kms:v2:cloud-kms:"u8, .. Payload]);
        }

        var r = CliRunner.Run(["etcd", "verify-encryption", "--endpoints", etcd.Endpoint, "--sample", "6"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("30 keys under /registry/secrets/, 6 values read", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("proven: every sampled value is encrypted by a KMS v2 provider (6 encrypted-kms-v2)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("/registry/secrets/ns/s00", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("/registry/secrets/ns/s25", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("PAYLOAD", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_prefix_proves_nothing()
    {
        using var etcd = new EtcdServer();
        var r = CliRunner.Run(["etcd", "verify-encryption", "--endpoints", etcd.Endpoint]);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("nothing is proven", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutual_tls_with_cacert_cert_and_key()
    {
        using var dir = new TempDir();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=etcd-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var caFile = dir.File("ca.crt", ca.ExportCertificatePem());
        // etcd's JSON gateway dials etcd's own gRPC port with the serving certificate, so that certificate needs
        // clientAuth as well (kubeadm issues etcd's server certificate with both usages for the same reason).
        var (serverCert, serverKey) = Issue(dir, ca, "server", "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        var (clientCert, clientKey) = Issue(dir, ca, "client", "1.3.6.1.5.5.7.3.2");

        using var handler = new HttpClientHandler
        {
            ClientCertificates = { X509Certificate2.CreateFromPemFile(clientCert, clientKey) },
            ServerCertificateCustomValidationCallback = (_, c, _, _) => c is not null && c.Issuer == "CN=etcd-ca",
        };
        using var etcd = new EtcdServer(serverCert, serverKey, caFile, new HttpClient(handler, disposeHandler: false));
        etcd.Put("/registry/secrets/ehr-prod/db", [.. "k8s:enc:kms:v2:vault-kms:"u8, .. Payload]);

        var r = CliRunner.Run(["etcd", "verify-encryption", "--endpoints", etcd.Endpoint, "--cacert", caFile, "--cert", clientCert, "--key", clientKey]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("/registry/secrets/ehr-prod/db", r.Stdout, StringComparison.Ordinal);

        // Without the client certificate etcd refuses the connection; without --cacert its certificate is untrusted.
        r = CliRunner.Run(["etcd", "verify-encryption", "--endpoints", etcd.Endpoint, "--cacert", caFile]);
        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains("cannot reach etcd", r.Stderr, StringComparison.Ordinal);
        r = CliRunner.Run(["etcd", "verify-encryption", "--endpoints", etcd.Endpoint, "--cert", clientCert, "--key", clientKey]);
        Assert.True(r.ExitCode == 3, r.ToString());
    }

    [Fact]
    public void Bad_endpoint_is_a_usage_error_and_an_unreachable_one_a_runtime_error()
    {
        var r = CliRunner.Run(["etcd", "verify-encryption", "--endpoints", "127.0.0.1:2379"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("not an http:// or https:// URL", r.Stderr, StringComparison.Ordinal);

        r = CliRunner.Run(["etcd", "verify-encryption", "--endpoints", $"http://127.0.0.1:{ClosedPort()}"]);
        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains("cannot reach etcd", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    private static (string Cert, string Key) Issue(TempDir dir, X509Certificate2 ca, string name, params string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        var oids = new OidCollection();
        foreach (var u in usages)
        {
            oids.Add(new Oid(u));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(8));
        return (dir.File($"{name}.crt", cert.ExportCertificatePem()), dir.File($"{name}.key", key.ExportPkcs8PrivateKeyPem()));
    }

    private static int ClosedPort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
