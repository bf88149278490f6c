using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PhiGuard.Testing;

namespace PhiGuard.Cli.Tests;

/// <summary>
/// Live-cluster scans end to end: the built CLI reads a fake Kubernetes API server on 127.0.0.1 through the real
/// KubernetesClient.
/// </summary>
public sealed class LiveScanTests
{
    private const string SecretValue = "s3cr3t-Passw0rd-never-shown";

    private static FakeApiServer Cluster()
    {
        var server = FakeApiServer.WithStandardResources();
        server.Add(
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ehr-prod","labels":{"phiguard.io/phi":"true","phiguard.io/environment":"prod","pod-security.kubernetes.io/enforce":"restricted"}}}""",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"ehr-api","namespace":"ehr-prod","uid":"d1"},"spec":{"template":{"spec":{"containers":[{"name":"api","image":"registry.example/ehr@sha256:00"}]}}}}""",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"contractor-admin"},"subjects":[{"kind":"User","name":"contractor@example.com"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"}}""");
        server.Add(FakeObjects.Secret("ehr-prod", "db-credentials", SecretValue));
        return server;
    }

    [Fact]
    public async Task Live_scan_reports_findings_and_never_a_secret_value()
    {
        await using var server = Cluster();
        await server.StartAsync();
        using var tmp = new TempDir();
        var kubeconfig = Path.Combine(tmp.Path, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        var reports = Path.Combine(tmp.Path, "reports");

        var r = CliRunner.Run(["scan", "--kubeconfig", kubeconfig, "--format", "json,sarif,junit,markdown,html,table", "-o", reports, "--include-passed"], workingDirectory: tmp.Path);

        Assert.True(r.ExitCode == 1, r.ToString()); // cluster-admin-minimal is critical
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "phiguard-report.json")));
        var controls = doc.RootElement.GetProperty("controls").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("fail", controls["readonly-root-filesystem"]);
        Assert.Equal("fail", controls["cluster-admin-minimal"]);
        foreach (var file in Directory.GetFiles(reports))
        {
            Assert.DoesNotContain(SecretValue, File.ReadAllText(file), StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SecretValue)), File.ReadAllText(file), StringComparison.Ordinal);
        }

        Assert.All(server.Requests, q => Assert.Equal("GET", q.Method));
    }

    [Fact]
    public async Task Forbidden_resource_is_reported_not_assessed_not_silently_passed()
    {
        await using var server = Cluster();
        server.Forbid("rbac.authorization.k8s.io", "clusterrolebindings");
        await server.StartAsync();
        using var tmp = new TempDir();
        var kubeconfig = Path.Combine(tmp.Path, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);

        var r = CliRunner.Run(["scan", "--kubeconfig", kubeconfig, "--format", "json", "--control", "cluster-admin-minimal"], workingDirectory: tmp.Path);

        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var control = Assert.Single(doc.RootElement.GetProperty("controls").EnumerateArray());
        Assert.Equal("not-assessable", control.GetProperty("status").GetString());
        Assert.Contains(doc.RootElement.GetProperty("gaps").EnumerateArray(), g => g.GetProperty("resource").GetString() == "clusterrolebindings");
        Assert.Contains("clusterrolebindings", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_credentials_exit_3_with_a_clear_message()
    {
        await using var server = Cluster();
        server.UnauthorizedEverywhere = true;
        await server.StartAsync();
        using var tmp = new TempDir();
        var kubeconfig = Path.Combine(tmp.Path, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);

        var r = CliRunner.Run(["scan", "--kubeconfig", kubeconfig, "--format", "json"], workingDirectory: tmp.Path);

        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains("authentication", r.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeApiServer.DefaultToken, r.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void Unreachable_cluster_exits_3_quickly()
    {
        using var tmp = new TempDir();
        var port = FreePort();
        var kubeconfig = tmp.File("kubeconfig", $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: gone, cluster: {server: "http://127.0.0.1:{{{port}}}"}}]
            users: [{name: u, user: {token: abc}}]
            contexts: [{name: gone, context: {cluster: gone, user: u}}]
            current-context: gone
            """);

        var r = CliRunner.Run(["scan", "--kubeconfig", kubeconfig, "--request-timeout", "5"], workingDirectory: tmp.Path, timeout: TimeSpan.FromSeconds(60));

        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains($"127.0.0.1:{port}", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_then_offline_scan_gives_the_same_findings_as_the_live_scan()
    {
        await using var server = Cluster();
        server.Forbid("", "configmaps");
        await server.StartAsync();
        using var tmp = new TempDir();
        var kubeconfig = Path.Combine(tmp.Path, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        var snapshot = Path.Combine(tmp.Path, "cluster.json.gz");

        var snap = CliRunner.Run(["snapshot", "--kubeconfig", kubeconfig, "-o", snapshot], workingDirectory: tmp.Path);
        Assert.True(snap.ExitCode == 0, snap.ToString());
        var live = CliRunner.Run(["scan", "--kubeconfig", kubeconfig, "--format", "json", "--fail-on", "never"], workingDirectory: tmp.Path);
        var offline = CliRunner.Run(["scan", snapshot, "--format", "json", "--fail-on", "never"], workingDirectory: tmp.Path);
        Assert.True(live.ExitCode == 0, live.ToString());
        Assert.True(offline.ExitCode == 0, offline.ToString());

        static string Essence(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var controls = doc.RootElement.GetProperty("controls").EnumerateArray()
                .Select(c => $"{c.GetProperty("id").GetString()}={c.GetProperty("status").GetString()}");
            var findings = doc.RootElement.GetProperty("findings").EnumerateArray()
                .Select(f => $"{f.GetProperty("control").GetString()} {f.GetProperty("status").GetString()} {f.GetProperty("path").GetString()} {f.GetProperty("message").GetString()}");
            var gaps = doc.RootElement.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("resource").GetString());
            return string.Join("\n", controls.Concat(findings).Concat(gaps));
        }

        Assert.Equal(Essence(live.Stdout), Essence(offline.Stdout));
        Assert.DoesNotContain(SecretValue, System.Text.Encoding.UTF8.GetString(
            new System.IO.Compression.GZipStream(File.OpenRead(snapshot), System.IO.Compression.CompressionMode.Decompress).ReadAllBytes()), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

internal static class StreamExtensions
{
    public static byte[] ReadAllBytes(this Stream s)
    {
        using (s)
        {
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
    }
}
