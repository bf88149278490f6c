using System.Security.Cryptography;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace PhiGuard.Cli.Tests;

/// <summary>
/// <c>phiguard node collect</c> and <c>phiguard node manifests</c> end to end: a collected snapshot scans like the
/// example it was collected from, and the collector's own DaemonSet is judged by <c>phiguard scan</c>.
/// </summary>
public sealed class NodeCommandTests
{
    private const string Example = "examples/node-snapshots/kubeadm-control-plane";

    [Fact]
    public void A_collected_snapshot_scans_the_same_as_the_example_and_holds_no_private_key()
    {
        using var root = new TempDir();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(CliRunner.RepoRoot, Example), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Path.Combine(CliRunner.RepoRoot, Example), file);
            if (!relative.StartsWith("phiguard", StringComparison.Ordinal))
            {
                root.File(relative, File.ReadAllText(file));
            }
        }

        // The node state behind the example's phiguard/node-facts.json (when it has one): Flatcar, LUKS2 under / and
        // /var/lib/containerd. The collector derives the facts from these, not from a copied facts file.
        root.File("etc/os-release", "ID=flatcar\nVERSION_ID=4230.2.0\nPRETTY_NAME=\"Flatcar Container Linux by Kinvolk 4230.2.0 (Oklo)\"\n");
        root.File("proc/sys/kernel/osrelease", "6.6.88-flatcar\n");
        root.File("proc/1/mounts", "/dev/mapper/root / ext4 rw 0 0\n/dev/mapper/containerd /var/lib/containerd xfs rw 0 0\n");
        root.File("sys/class/block/dm-0/dm/name", "root\n");
        root.File("sys/class/block/dm-0/dm/uuid", "CRYPT-LUKS2-aaaa-root\n");
        root.File("sys/class/block/dm-1/dm/name", "containerd\n");
        root.File("sys/class/block/dm-1/dm/uuid", "CRYPT-LUKS2-bbbb-containerd\n");

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privateKey = key.ExportPkcs8PrivateKeyPem();
        root.File("etc/kubernetes/pki/apiserver.key", privateKey);
        root.File("etc/kubernetes/pki/apiserver-kubelet-client.key", privateKey);
        using var output = new TempDir();
        var snapshot = Path.Combine(output.Path, "cp-1");

        var r = CliRunner.Run(["node", "collect", "--root", root.Path, "-o", snapshot]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("wrote node snapshot of cp-1", r.Stderr, StringComparison.Ordinal);
        Assert.All(Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories),
            f => Assert.DoesNotContain("PRIVATE KEY-----", File.ReadAllText(f), StringComparison.Ordinal));

        var expected = Statuses(["scan", "--node-snapshot", Example, "-f", "json", "--fail-on", "never"]);
        var actual = Statuses(["scan", "--node-snapshot", snapshot, "-f", "json", "--fail-on", "never"]);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, status) in expected)
        {
            if (id == "clock-sync")
            {
                // The example's clock facts come from chrony (with an offset); the collector reads only
                // systemd-timesyncd's state file, so this content cannot match (docs/node-collector.md).
                continue;
            }

            Assert.True(status == actual[id], $"{id}: example {status}, collected {actual[id]}");
        }

        // The output folder now holds a snapshot: a second run must not mix into it.
        r = CliRunner.Run(["node", "collect", "--root", root.Path, "-o", snapshot]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("not empty", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_collector_daemonset_parses_and_scan_finds_only_what_host_access_makes_inherent()
    {
        var r = CliRunner.Run(["node", "manifests", "--image", "registry.example/phiguard@sha256:" + new string('a', 64)]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var docs = Parse(r.Stdout);
        Assert.Equal(["Namespace", "ServiceAccount", "NetworkPolicy", "DaemonSet"], docs.Select(d => Scalar(d, "kind")));
        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)docs[3]["spec"])["template"])["spec"];
        Assert.Equal("false", Scalar(pod, "automountServiceAccountToken"));
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];
        var mounts = ((YamlSequenceNode)container["volumeMounts"]).Cast<YamlMappingNode>().ToArray();
        Assert.All(mounts.Where(m => Scalar(m, "mountPath").StartsWith("/host/", StringComparison.Ordinal)), m => Assert.Equal("true", Scalar(m, "readOnly")));
        var tolerations = ((YamlSequenceNode)pod["tolerations"]).Cast<YamlMappingNode>().Select(t => Scalar(t, "key")).ToArray();
        Assert.Contains("node-role.kubernetes.io/control-plane", tolerations);

        // Judge it as strictly as a PHI workload: everything but host access and running as root must hold.
        using var dir = new TempDir();
        dir.File("collector.yaml", r.Stdout);
        dir.File("phiguard.yaml", "phiNamespaces: [phiguard-system]\napprovedRegistries: [registry.example]\n");
        var scan = CliRunner.Run(["scan", dir.Path, "-f", "json", "--fail-on", "never"]);
        Assert.True(scan.ExitCode == 0, scan.ToString());
        using var report = JsonDocument.Parse(scan.Stdout);
        var controls = report.RootElement.GetProperty("controls").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
        foreach (var id in new[] { "readonly-root-filesystem", "sa-token-automount-minimal", "sa-dedicated-per-workload", "cloud-metadata-blocked", "egress-internet-restricted", "netpol-default-deny-ingress" })
        {
            Assert.True(controls[id] == "pass", $"{id}: {controls[id]}");
        }

        var restricted = report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("control").GetString() == "running-pods-restricted")
            .Select(f => f.GetProperty("message").GetString()!).ToArray();
        Assert.Equal(4, restricted.Length);
        Assert.Contains(restricted, m => m.Contains("adds DAC_READ_SEARCH", StringComparison.Ordinal));
        Assert.Contains(restricted, m => m.StartsWith("runAsNonRoot", StringComparison.Ordinal));
        Assert.Contains(restricted, m => m.StartsWith("runAsUser", StringComparison.Ordinal));
        Assert.Contains(restricted, m => m.Contains("uses hostPath", StringComparison.Ordinal));
        Assert.Equal("fail", controls["psa-restricted-enforced"]);
    }

    [Fact]
    public void The_job_variant_pins_one_node_and_node_needs_job()
    {
        var r = CliRunner.Run(["node", "manifests", "--job", "--node", "cp-1", "-n", "audit"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var job = Parse(r.Stdout).Single(d => Scalar(d, "kind") == "Job");
        Assert.Equal("audit", Scalar((YamlMappingNode)job["metadata"], "namespace"));
        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)job["spec"])["template"])["spec"];
        Assert.Equal("Never", Scalar(pod, "restartPolicy"));
        Assert.Equal("cp-1", Scalar((YamlMappingNode)pod["nodeSelector"], "kubernetes.io/hostname"));

        r = CliRunner.Run(["node", "manifests", "--node", "cp-1"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--node applies to --job only", r.Stderr, StringComparison.Ordinal);
    }

    private static List<YamlMappingNode> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static Dictionary<string, string> Statuses(string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.GetProperty("controls").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString()!);
    }
}
