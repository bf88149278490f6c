using System.Text.Json;

namespace PhiGuard.Cli.Tests;

/// <summary>
/// End-to-end: the version, node-OS, disk, clock and metadata controls over the kubeadm-like node snapshot and the
/// EKS/GKE/AKS descriptions in examples/. The CLI judges against the real clock, so only date-independent outcomes
/// are asserted (the release table is fixed; end-of-life outcomes are covered with a fixed time in the control tests).
/// </summary>
public sealed class NodeFactsAndVersionTests
{
    private const string Snapshot = "examples/node-snapshots/kubeadm-control-plane";

    [Fact]
    public void Kubeadm_snapshot_gives_version_disk_and_clock_results()
    {
        var scan = Scan(["scan", "--node-snapshot", Snapshot, "-f", "json", "--fail-on", "never"]);
        Assert.Equal("pass", scan.Status("node-disk-encrypted"));
        Assert.Equal("pass", scan.Status("clock-sync"));
        Assert.Equal("fail", scan.Status("k8s-patch-current"));
        Assert.Contains(scan.Messages("k8s-patch-current"), m => m.Contains("v1.35.1", StringComparison.Ordinal) && m.Contains("8 patch releases behind 1.35.9", StringComparison.Ordinal));
        Assert.Contains(scan.Messages("k8s-patch-current"), m => m.Contains("kube-apiserver image tag", StringComparison.Ordinal) && m.Contains("release table as of 2026-09-15", StringComparison.Ordinal));

        // The version is read from the image tag, so support is decided (pass or, after 1.35's end of life, fail).
        Assert.Contains(scan.Status("k8s-version-supported"), new[] { "pass", "fail" });

        // No Node objects in a node snapshot: the OS/age control cannot judge and says so.
        Assert.Equal("not-assessable", scan.Status("node-os-approved"));
    }

    [Fact]
    public void Eks_description_alone_never_passes_node_controls()
    {
        var scan = Scan(["scan", "--provider", "examples/providers/eks-describe-cluster.json", "-f", "json", "--fail-on", "never"]);
        foreach (var id in new[] { "node-disk-encrypted", "clock-sync", "node-os-approved", "k8s-patch-current" })
        {
            Assert.True(scan.Status(id) == "not-assessable", $"{id}: {scan.Status(id)}");
        }
    }

    [Fact]
    public void Eks_description_with_node_groups_judges_disks()
    {
        var scan = Scan(["scan", "--provider", "examples/providers/eks-describe-cluster-with-nodes.json", "-f", "json", "--fail-on", "never"]);
        Assert.Equal("pass", scan.Status("node-disk-encrypted"));
        Assert.Equal("not-assessable", scan.Status("k8s-patch-current"));
    }

    [Fact]
    public void Gke_and_aks_descriptions_fail_the_pools_that_lack_disk_encryption()
    {
        var gke = Scan(["scan", "--provider", "examples/providers/gke-clusters-describe.json", "-f", "json", "--fail-on", "never"]);
        Assert.Equal("fail", gke.Status("node-disk-encrypted"));
        Assert.Contains("spec.description.nodePools[1].config", gke.FailPaths("node-disk-encrypted"));
        Assert.Equal("pass", gke.Status("k8s-patch-current"));

        var aks = Scan(["scan", "--provider", "examples/providers/aks-show.json", "-f", "json", "--fail-on", "never"]);
        Assert.Equal("fail", aks.Status("node-disk-encrypted"));
        Assert.Contains("spec.description.agentPoolProfiles[1].enableEncryptionAtHost", aks.FailPaths("node-disk-encrypted"));
        Assert.Equal("fail", aks.Status("k8s-patch-current"));
    }

    [Fact]
    public void Metadata_control_adds_the_provider_part_to_the_network_part()
    {
        var scan = Scan(["scan", "examples/clinic", "--provider", "examples/providers/gke-clusters-describe.json", "-f", "json", "--fail-on", "never"]);
        Assert.Equal("fail", scan.Status("cloud-metadata-blocked"));
        Assert.Contains("spec.description.nodePools[1].config.workloadMetadataConfig", scan.FailPaths("cloud-metadata-blocked"));
    }

    private static ScanJson Scan(string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        return new ScanJson(JsonDocument.Parse(r.Stdout));
    }

    private sealed class ScanJson(JsonDocument doc)
    {
        public string Status(string id) => doc.RootElement.GetProperty("controls").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == id).GetProperty("status").GetString()!;

        public string[] Messages(string id) => Findings(id).Select(f => f.GetProperty("message").GetString()!).ToArray();

        public string[] FailPaths(string id) => Findings(id)
            .Where(f => f.GetProperty("status").GetString() == "fail")
            .Select(f => f.TryGetProperty("path", out var p) ? p.GetString()! : string.Empty)
            .ToArray();

        private IEnumerable<JsonElement> Findings(string id) => doc.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("control").GetString() == id);
    }
}
