using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace PhiGuard.Cli.Tests;

public sealed class AdmissionCommandTests
{
    private const string DeployFile = "deploy/phiguard-admission.yaml";

    // The cluster the webhook is installed into: one PHI namespace, set up as the scanner expects.
    private const string PhiNamespace = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic
          labels:
            phiguard.io/phi: "true"
            phiguard.io/environment: prod
            pod-security.kubernetes.io/enforce: restricted
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny-ingress
          namespace: clinic
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """;

    private static List<JsonElement> Failures(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("status").GetString() != "pass")
            .Select(f => f.Clone())
            .ToList();
    }

    // The deploy manifests are judged on what they contain: findings located in them. The test's own PHI
    // namespace is only the cluster they are installed into; its set-up (quota, egress policy, runtime sensor) is
    // judged by other controls and is not the webhook's to provide.
    private static void AssertScanClean(string[] files)
    {
        var r = CliRunner.Run(["scan", .. files, "--format", "json", "--fail-on", "never"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var deploy = Path.GetFileName(files[0]);
        var inDeploy = Failures(r.Stdout)
            .Where(f => f.GetProperty("status").GetString() is "fail" or "waived")
            .Where(f => f.TryGetProperty("location", out var l) && l.ValueKind == JsonValueKind.Object &&
                        l.GetProperty("file").GetString()!.EndsWith(deploy, StringComparison.Ordinal))
            .Select(f => $"{f.GetProperty("control").GetString()}: {f.GetProperty("message").GetString()}")
            .ToList();
        Assert.True(inDeploy.Count == 0, string.Join("\n", inDeploy));
    }

    [Fact]
    public void Committed_deploy_manifests_are_current()
    {
        var r = CliRunner.Run(["admission", "manifests", "--cert-manager"]);
        Assert.Equal(0, r.ExitCode);
        var committed = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, DeployFile));
        Assert.True(committed == r.Stdout,
            $"{DeployFile} is stale: regenerate it with `./phiguard admission manifests --cert-manager > {DeployFile}`");
    }

    [Fact]
    public void Deploy_manifests_pass_the_scanner_without_waivers()
    {
        using var dir = new TempDir();
        var phi = dir.File("clinic.yaml", PhiNamespace);
        AssertScanClean([Path.Combine(CliRunner.RepoRoot, DeployFile), phi]);
    }

    [Fact]
    public void Deploy_manifests_pass_even_when_judged_as_a_phi_namespace()
    {
        // Controls scoped to PHI namespaces (read-only root, and the workload controls to come) then judge the webhook's own Deployment.
        using var dir = new TempDir();
        var text = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, DeployFile));
        Assert.Contains("phiguard.io/phi: \"false\"", text, StringComparison.Ordinal);
        var asPhi = dir.File("deploy-phi.yaml", text.Replace("phiguard.io/phi: \"false\"", "phiguard.io/phi: \"true\"", StringComparison.Ordinal));
        var r = CliRunner.Run(["scan", asPhi, "--format", "json", "--fail-on", "never"]);
        Assert.True(r.ExitCode == 0, r.ToString());

        // Pod hardening of the webhook's own Deployment holds under PHI scope. Known gaps, left visible here:
        // the generated namespace has no ResourceQuota/LimitRange or egress NetworkPolicy and the image is not
        // digest-pinned, so network, quota and supply-chain controls still fail under PHI scope.
        var hardening = new[] { "readonly-root-filesystem", "running-pods-restricted", "sa-dedicated-per-workload", "sa-token-automount-minimal", "no-plaintext-credentials" };
        var failing = Failures(r.Stdout).Where(f => hardening.Contains(f.GetProperty("control").GetString())).ToList();
        Assert.True(failing.Count == 0, string.Join("\n", failing.Select(f => f.GetRawText())));
        using var doc = JsonDocument.Parse(r.Stdout);
        var controls = doc.RootElement.GetProperty("controls").EnumerateArray().ToList();
        Assert.Contains(controls, c => c.GetProperty("id").GetString() == "readonly-root-filesystem" && c.GetProperty("status").GetString() == "pass");
    }

    [Fact]
    public void Self_signed_manifests_carry_a_ca_bundle_and_pass_the_scanner()
    {
        var r = CliRunner.Run(["admission", "manifests", "--namespace", "hipaa-guard"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("kind: Secret", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("caBundle: ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("namespace: hipaa-guard", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("cert-manager.io", r.Stdout, StringComparison.Ordinal);
        using var dir = new TempDir();
        AssertScanClean([dir.File("deploy.yaml", r.Stdout), dir.File("clinic.yaml", PhiNamespace)]);
    }

    [Fact]
    public void Manifests_rejects_a_bad_namespace_name()
    {
        var r = CliRunner.Run(["admission", "manifests", "--namespace", "Bad_NS"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a valid namespace name", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_unreadable_certificate_is_a_usage_error()
    {
        var r = CliRunner.Run(["admission", "serve", "--tls-cert", "/nonexistent/tls.crt", "--tls-key", "/nonexistent/tls.key"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cannot load the TLS certificate /nonexistent/tls.crt", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_answers_health_checks_over_https()
    {
        using var dir = new TempDir();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = dir.File("tls.crt", cert.ExportCertificatePem());
        var keyPath = dir.File("tls.key", key.ExportPkcs8PrivateKeyPem());
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
        }

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { CliRunner.CliDll, "admission", "serve", "--tls-cert", certPath, "--tls-key", keyPath, "--listen", $"127.0.0.1:{port}" })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        try
        {
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == cert.Thumbprint,
            };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string? body = null;
            while (body is null)
            {
                try
                {
                    body = await client.GetStringAsync($"https://127.0.0.1:{port}/healthz");
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(200);
                }
            }

            Assert.Equal("ok\n", body);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }
}
