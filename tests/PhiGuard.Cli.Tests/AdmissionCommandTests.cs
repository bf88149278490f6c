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

    // A made-up release digest: the real one is unknown until an image is published (docs/admission.md).
    private const string Digest = "sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";

    private static List<string> Failures(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("status").GetString() is "fail" or "waived")
            .Select(f => $"{f.GetProperty("control").GetString()}: {f.GetProperty("message").GetString()}")
            .ToList();
    }

    private static Dictionary<string, string> ControlStatuses(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("controls").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString()!);
    }

    // What a PHI cluster provides that no application's manifests can: a runtime sensor ready on its nodes (its own
    // manifest simplified to what the scanner reads), the vulnerability scanner's reports (fresh, clean) for the
    // image that runs, and admission policies in Enforce mode for PHI namespaces (Kyverno: non-root, read-only root,
    // registries, signed images with SLSA provenance and an SBOM). With these the webhook's namespace, judged as PHI, must pass every control on what its own
    // manifests say.
    private static string ClusterContext(string ns) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: falco
          labels:
            phiguard.io/phi: "false"
            phiguard.io/environment: prod
            pod-security.kubernetes.io/enforce: baseline
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: falco
          namespace: falco
        spec:
          selector:
            matchLabels:
              app.kubernetes.io/name: falco
          template:
            metadata:
              labels:
                app.kubernetes.io/name: falco
            spec:
              automountServiceAccountToken: false
              containers:
                - name: falco
                  image: docker.io/falcosecurity/falco:0.39.2
        status:
          desiredNumberScheduled: 3
          numberReady: 3
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: phi-admission-baseline
        spec:
          validationFailureAction: Enforce
          background: true
          rules:
            - name: require-run-as-non-root
              match:
                any:
                  - resources:
                      kinds: [Pod]
                      namespaceSelector:
                        matchLabels:
                          phiguard.io/phi: "true"
              validate:
                message: PHI pods must run as non-root
                pattern:
                  spec:
                    securityContext:
                      runAsNonRoot: true
            - name: require-read-only-root-filesystem
              match:
                any:
                  - resources:
                      kinds: [Pod]
                      namespaceSelector:
                        matchLabels:
                          phiguard.io/phi: "true"
              validate:
                message: PHI containers must have a read-only root filesystem
                pattern:
                  spec:
                    containers:
                      - securityContext:
                          readOnlyRootFilesystem: true
            - name: restrict-image-registries
              match:
                any:
                  - resources:
                      kinds: [Pod]
                      namespaceSelector:
                        matchLabels:
                          phiguard.io/phi: "true"
              validate:
                message: PHI images come from approved registries only
                pattern:
                  spec:
                    containers:
                      - image: "ghcr.io/phiguard/*"
            - name: verify-image-signatures
              match:
                any:
                  - resources:
                      kinds: [Pod]
                      namespaceSelector:
                        matchLabels:
                          phiguard.io/phi: "true"
              verifyImages:
                - imageReferences:
                    - "ghcr.io/phiguard/*"
                  verifyDigest: true
                  required: true
                  attestors:
                    - entries:
                        - keyless:
                            subject: "https://github.com/phiguard/*/.github/workflows/release.yaml@refs/tags/*"
                            issuer: "https://token.actions.githubusercontent.com"
                  attestations:
                    - type: https://slsa.dev/provenance/v1
                      attestors:
                        - entries:
                            - keyless:
                                subject: "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/*"
                                issuer: "https://token.actions.githubusercontent.com"
                    - type: https://cyclonedx.org/bom
                      attestors:
                        - entries:
                            - keyless:
                                subject: "https://github.com/phiguard/*/.github/workflows/release.yaml@refs/tags/*"
                                issuer: "https://token.actions.githubusercontent.com"
        ---
        apiVersion: aquasecurity.github.io/v1alpha1
        kind: VulnerabilityReport
        metadata:
          name: replicaset-phiguard-admission-webhook
          namespace: {ns}
        report:
          updateTimestamp: "{DateTime.UtcNow.AddHours(-2):yyyy-MM-ddTHH:mm:ssZ}"
          registry:
            server: ghcr.io
          artifact:
            repository: phiguard/phiguard
            digest: {Digest}
          summary:
            criticalCount: 0
            highCount: 0
          vulnerabilities: []
        ---
        apiVersion: aquasecurity.github.io/v1alpha1
        kind: ExposedSecretReport
        metadata:
          name: replicaset-phiguard-admission-webhook
          namespace: {ns}
        report:
          updateTimestamp: "{DateTime.UtcNow.AddHours(-2):yyyy-MM-ddTHH:mm:ssZ}"
          registry:
            server: ghcr.io
          artifact:
            repository: phiguard/phiguard
            digest: {Digest}
          summary:
            criticalCount: 0
            highCount: 0
          secrets: []
        """;

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
    public void Deploy_folder_alone_passes_every_control_without_waivers()
    {
        // `phiguard scan deploy/` as a user runs it: no config, no other input. Every finding, located or not, counts.
        var r = CliRunner.Run(["scan", "deploy/", "--format", "json", "--fail-on", "low"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Empty(Failures(r.Stdout));
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Empty(doc.RootElement.GetProperty("waivers").EnumerateArray());
        var statuses = ControlStatuses(r.Stdout);
        Assert.Equal("pass", statuses["phi-scope-labels"]);
        Assert.Equal("pass", statuses["sa-token-automount-minimal"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Generated_manifests_judged_as_a_phi_namespace_pass_every_control(bool certManager)
    {
        const string Ns = "phiguard-system";
        string[] args = ["admission", "manifests", "--namespace", Ns, "--image-digest", Digest, "--apiserver-cidr", "10.0.0.0/24"];
        var gen = CliRunner.Run(certManager ? [.. args, "--cert-manager"] : args);
        Assert.True(gen.ExitCode == 0, gen.ToString());
        Assert.Contains($"image: ghcr.io/phiguard/phiguard:", gen.Stdout, StringComparison.Ordinal);
        Assert.Contains($"@{Digest}", gen.Stdout, StringComparison.Ordinal);
        Assert.Equal(certManager, gen.Stdout.Contains("cert-manager.io", StringComparison.Ordinal));
        Assert.Equal(!certManager, gen.Stdout.Contains("caBundle: ", StringComparison.Ordinal));
        Assert.Contains("cidr: 10.0.0.0/24", gen.Stdout, StringComparison.Ordinal);

        using var dir = new TempDir();
        var deploy = dir.File("deploy.yaml", gen.Stdout);
        var context = dir.File("cluster.yaml", ClusterContext(Ns));

        // As generated (a non-PHI namespace): every control passes on the manifests alone.
        var plain = CliRunner.Run(["scan", deploy, "--format", "json", "--fail-on", "low"]);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Empty(Failures(plain.Stdout));

        // The same namespace named as PHI in config (and its label made to agree): the PHI-scoped network, quota,
        // supply-chain and pod controls all judge the webhook, given the cluster's sensor and scanner reports.
        Assert.Contains("phiguard.io/phi: \"false\"", gen.Stdout, StringComparison.Ordinal);
        var asPhi = dir.File("deploy-phi.yaml", gen.Stdout.Replace("phiguard.io/phi: \"false\"", "phiguard.io/phi: \"true\"", StringComparison.Ordinal));
        var config = dir.File("phiguard.yaml", $"phiNamespaces: [{Ns}]\napprovedRegistries: [ghcr.io/phiguard]\n");
        var r = CliRunner.Run(["scan", asPhi, context, "--config", config, "--format", "json", "--fail-on", "low"]);
        var statuses = ControlStatuses(r.Stdout);
        if (certManager)
        {
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Empty(Failures(r.Stdout));
            Assert.Equal("pass", statuses["external-secret-store-used"]);
        }
        else
        {
            // The self-signed variant's TLS Secret is written by `admission manifests` and applied by hand: under PHI
            // scope that is exactly what external-secret-store-used refuses (use --cert-manager there), and nothing else fails.
            Assert.Equal(1, r.ExitCode);
            var failures = Failures(r.Stdout);
            Assert.NotEmpty(failures);
            Assert.All(failures, f => Assert.StartsWith("external-secret-store-used: Secret phiguard-admission-tls", f, StringComparison.Ordinal));
        }

        foreach (var id in new[] { "image-signature-enforced", "image-provenance-sbom-enforced" })
        {
            Assert.True(statuses[id] == "pass", $"{id} is {statuses[id]}, not pass, under PHI scope");
        }

        Assert.True(statuses["policy-engine-enforcing"] is "pass" or "not-assessable", $"policy-engine-enforcing is {statuses["policy-engine-enforcing"]}");
        foreach (var id in new[]
                 {
                     "netpol-default-deny-egress", "egress-internet-restricted", "cloud-metadata-blocked", "resource-quota-limitrange",
                     "approved-registries-digests", "readonly-root-filesystem", "running-pods-restricted", "scan-freshness",
                     "phi-reach-only-via-entry-points",
                 })
        {
            Assert.True(statuses[id] == "pass", $"{id} is {statuses[id]}, not pass, under PHI scope");
        }
    }

    [Fact]
    public void Unpinned_image_fails_digest_pinning_under_phi_scope()
    {
        // The check that passes above can fail: the committed file references the image by tag only.
        var text = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, DeployFile));
        Assert.Contains("not pinned by digest", text, StringComparison.Ordinal);
        using var dir = new TempDir();
        var asPhi = dir.File("deploy-phi.yaml", text.Replace("phiguard.io/phi: \"false\"", "phiguard.io/phi: \"true\"", StringComparison.Ordinal));
        var config = dir.File("phiguard.yaml", "approvedRegistries: [ghcr.io/phiguard]\n");
        var r = CliRunner.Run(["scan", asPhi, "--config", config, "--control", "approved-registries-digests", "--format", "json", "--fail-on", "never"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(Failures(r.Stdout), f => f.Contains("is not pinned by @sha256: digest", StringComparison.Ordinal));
    }

    [Fact]
    public void Webhook_port_open_to_every_source_fails_phi_reach_under_phi_scope()
    {
        // Without --apiserver-cidr any pod may call the webhook: fine for its own (non-PHI) namespace, but a PHI
        // judgement of it sees a PHI workload reachable from outside, as the docs warn.
        var gen = CliRunner.Run(["admission", "manifests", "--cert-manager"]);
        Assert.Equal(0, gen.ExitCode);
        using var dir = new TempDir();
        var asPhi = dir.File("deploy-phi.yaml", gen.Stdout.Replace("phiguard.io/phi: \"false\"", "phiguard.io/phi: \"true\"", StringComparison.Ordinal));
        var r = CliRunner.Run(["scan", asPhi, dir.File("cluster.yaml", ClusterContext("phiguard-system")), "--control", "phi-reach-only-via-entry-points", "--format", "json", "--fail-on", "never"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(Failures(r.Stdout), f => f.Contains("falco/falco", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sha256:abc", "is not a digest")]
    [InlineData("ghcr.io/x@sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", "is not a digest")]
    public void Manifests_rejects_a_bad_image_digest(string digest, string message)
    {
        var r = CliRunner.Run(["admission", "manifests", "--image-digest", digest]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifests_rejects_a_bad_apiserver_cidr()
    {
        var r = CliRunner.Run(["admission", "manifests", "--apiserver-cidr", "10.0.0.0/40"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--apiserver-cidr '10.0.0.0/40' is not a CIDR", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifests_rejects_a_digest_given_twice()
    {
        var r = CliRunner.Run(["admission", "manifests", "--image", $"ghcr.io/phiguard/phiguard@{Digest}", "--image-digest", Digest]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("already carries a digest", r.Stderr, StringComparison.Ordinal);
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
            // Generous: on a loaded machine the first TLS handshake and JIT of a fresh process take seconds.
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string? body = null;
            while (body is null)
            {
                try
                {
                    body = await client.GetStringAsync($"https://127.0.0.1:{port}/healthz");
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(200);
                }
            }

            Assert.Equal("ok\n", body);

            // The kubelet stops a pod with SIGTERM: the server must shut down by itself, cleanly.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                term.WaitForExit();
            }

            Assert.True(process.WaitForExit(15000), "admission serve did not exit within 15 s of SIGTERM");
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
    }
}
