using System.Text.Json;
using PhiGuard.Sources.Node;
using PhiGuard.Sources.Node.Collect;

namespace PhiGuard.Sources.Tests.Node;

/// <summary><c>phiguard node collect</c>'s collector: what it copies, what it never copies, and that the loader reads its output.</summary>
public sealed class NodeCollectorTests
{
    [Fact]
    public void Private_keys_tokens_and_kubeconfig_credentials_are_never_copied()
    {
        using var node = new FakeNode();
        using var output = new TempDir();
        var result = NodeCollector.Collect(node.Root, Path.Combine(output.Path, "snap"));

        foreach (var (path, text) in FakeNode.Texts(result.Output))
        {
            Assert.DoesNotContain("PRIVATE KEY-----", text, StringComparison.Ordinal);
            foreach (var secret in node.Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{path} holds a secret");
            }
        }

        var byPath = result.Files.ToDictionary(f => f.Path);
        foreach (var key in new[] { "/etc/kubernetes/pki/ca.key", "/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/etcd/ca.key", "/etc/kubernetes/admin.conf", "/etc/kubernetes/kubelet.conf" })
        {
            var f = byPath[key];
            Assert.Equal(CollectedFile.Withheld, f.Action);
            Assert.Equal("0600", f.Mode);
            Assert.NotNull(f.Uid);
            Assert.False(File.Exists(Path.Combine(result.Output, key.TrimStart('/'))), key);
        }

        // The public parts are kept: the CA certificate as is, the kubelet's certificate without its key.
        Assert.Equal(CollectedFile.Copied, byPath["/etc/kubernetes/pki/ca.crt"].Action);
        Assert.Equal(CollectedFile.Copied, byPath["/etc/kubernetes/pki/sa.pub"].Action);
        Assert.Equal(node.CaCertificate.Trim(), File.ReadAllText(Path.Combine(result.Output, "etc/kubernetes/pki/ca.crt")).Trim());
        var current = byPath["/var/lib/kubelet/pki/kubelet-client-current.pem"];
        Assert.Equal(CollectedFile.Redacted, current.Action);
        Assert.Contains("EC PRIVATE KEY block removed", current.Reason, StringComparison.Ordinal);
        Assert.Equal(node.KubeletCertificate.Trim(), File.ReadAllText(Path.Combine(result.Output, "var/lib/kubelet/pki/kubelet-client-current.pem")).Trim());

        // The manifest lists every decision, withheld files with mode and owner.
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Output, NodeCollector.ManifestFile)));
        var ca = manifest.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "/etc/kubernetes/pki/ca.key");
        Assert.Equal("withheld", ca.GetProperty("action").GetString());
        Assert.Equal("0600", ca.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Number, ca.GetProperty("uid").ValueKind);
    }

    [Fact]
    public void Files_named_by_apiserver_flags_are_collected_with_their_secrets_removed()
    {
        using var node = new FakeNode();
        var manifest = Path.Combine(node.Root, "etc/kubernetes/manifests/kube-apiserver.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(
            "        - --anonymous-auth=false\n",
            "        - --anonymous-auth=false\n        - --token-auth-file=/etc/kubernetes/tokens.csv\n        - --audit-webhook-config-file=/etc/kubernetes/audit/webhook.kubeconfig\n        - --authentication-config=/etc/kubernetes/authn.yaml\n",
            StringComparison.Ordinal));
        node.Secret("etc/kubernetes/tokens.csv", "VEVSWS1TRUNSRVQtVE9LRU4,admin,1,system:masters\n");
        node.Secret("etc/kubernetes/audit/webhook.kubeconfig", FakeNode.Kubeconfig("audit", "token: QVVESVQtV0VCSE9PSy1UT0tFTg"));
        node.Secrets.Add("QVVESVQtV0VCSE9PSy1UT0tFTg");
        node.Write("etc/kubernetes/enc/encryption.yaml",
            "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n" +
            "      - aescbc:\n          keys:\n            - name: key1\n              secret: c2VjcmV0LWFlc2NiYy1rZXktMzItYnl0ZXMtbG9uZyEh\n      - identity: {}\n");
        node.Secrets.Add("c2VjcmV0LWFlc2NiYy1rZXktMzItYnl0ZXMtbG9uZyEh");

        using var output = new TempDir();
        var result = NodeCollector.Collect(node.Root, Path.Combine(output.Path, "snap"), "cp-1");
        foreach (var (path, text) in FakeNode.Texts(result.Output))
        {
            foreach (var secret in node.Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{path} holds a secret");
            }
        }

        var byPath = result.Files.ToDictionary(f => f.Path);
        Assert.Equal(CollectedFile.Withheld, byPath["/etc/kubernetes/tokens.csv"].Action);
        Assert.Equal(CollectedFile.Missing, byPath["/etc/kubernetes/authn.yaml"].Action);
        Assert.Equal(CollectedFile.Redacted, byPath["/etc/kubernetes/audit/webhook.kubeconfig"].Action);
        Assert.Equal(CollectedFile.Redacted, byPath["/etc/kubernetes/enc/encryption.yaml"].Action);

        // What stays is what the controls judge: the webhook's server, the aescbc provider.
        var webhook = ConfigDocument.Read(Path.Combine(result.Output, "etc/kubernetes/audit/webhook.kubeconfig"), out var error);
        Assert.Null(error);
        Assert.Equal("https://10.0.0.10:6443", webhook!.Value.GetProperty("clusters")[0].GetProperty("cluster").GetProperty("server").GetString());
        Assert.False(webhook.Value.GetProperty("users")[0].GetProperty("user").TryGetProperty("token", out _));
        var loaded = NodeSnapshotLoader.Load(result.Output);
        Assert.Empty(loaded.Errors);
        var enc = Assert.Single(loaded.Objects, o => o.Kind == "EncryptionConfiguration");
        Assert.Contains("aescbc", enc.Json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_env_values_of_static_pods_are_replaced_and_the_rest_is_kept()
    {
        using var node = new FakeNode();
        node.Write("etc/kubernetes/manifests/kms-plugin.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kms-plugin\n  namespace: kube-system\nspec:\n  containers:\n" +
            "    - name: plugin\n      image: registry.example.com/kms-plugin:1.4.2\n      args: [\"--listen=unix:///var/run/kms.sock\"]\n" +
            "      env:\n        - name: AWS_SECRET_ACCESS_KEY\n          value: S01TLVBMVUdJTi1DTE9VRC1TRUNSRVQ\n" +
            "        - name: AWS_REGION_FROM_FIELD\n          valueFrom:\n            fieldRef:\n              fieldPath: metadata.namespace\n");
        node.Secrets.Add("S01TLVBMVUdJTi1DTE9VRC1TRUNSRVQ");

        using var output = new TempDir();
        var result = NodeCollector.Collect(node.Root, Path.Combine(output.Path, "snap"), "cp-1");
        foreach (var (path, text) in FakeNode.Texts(result.Output))
        {
            Assert.False(text.Contains("S01TLVBMVUdJTi1DTE9VRC1TRUNSRVQ", StringComparison.Ordinal), $"{path} holds the env value");
        }

        var decision = result.Files.Single(f => f.Path == "/etc/kubernetes/manifests/kms-plugin.yaml");
        Assert.Equal(CollectedFile.Redacted, decision.Action);
        Assert.Contains("1 literal env value", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(CollectedFile.Copied, result.Files.Single(f => f.Path == "/etc/kubernetes/manifests/kube-apiserver.yaml").Action);

        // The loader still reads the redacted manifest: the container, its args and the env names are there.
        var loaded = NodeSnapshotLoader.Load(result.Output);
        Assert.Empty(loaded.Errors);
        var pod = Assert.Single(loaded.Objects, o => o.Kind == "Pod" && o.Name.StartsWith("kms-plugin", StringComparison.Ordinal));
        var container = pod.Json.GetProperty("spec").GetProperty("containers")[0];
        Assert.Equal("--listen=unix:///var/run/kms.sock", container.GetProperty("args")[0].GetString());
        Assert.Equal("AWS_SECRET_ACCESS_KEY", container.GetProperty("env")[0].GetProperty("name").GetString());
        Assert.Equal("WITHHELD-BY-PHIGUARD", container.GetProperty("env")[0].GetProperty("value").GetString());
        Assert.True(container.GetProperty("env")[1].TryGetProperty("valueFrom", out _));
    }

    [Fact]
    public void The_loader_reads_a_collected_snapshot_as_it_reads_the_example()
    {
        using var node = new FakeNode();
        using var output = new TempDir();
        var result = NodeCollector.Collect(node.Root, Path.Combine(output.Path, "snap"));
        Assert.Equal("cp-1", result.Node);

        var collected = NodeSnapshotLoader.Load(result.Output);
        var example = NodeSnapshotLoader.Load(Path.Combine(FakeNode.RepoRoot, "examples/node-snapshots/kubeadm-control-plane"));
        Assert.Empty(collected.Errors);
        static string[] Names(PhiGuard.Sources.Manifests.LoadResult r) =>
            [.. r.Objects.Where(o => o.Kind != "NodeSnapshot").Select(o => $"{o.Kind}/{o.Name}").Order(StringComparer.Ordinal)];
        Assert.Equal(Names(example), Names(collected));
        foreach (var o in example.Objects.Where(o => o.Kind != "NodeSnapshot"))
        {
            var c = collected.Objects.Single(x => x.Kind == o.Kind && x.Name == o.Name);
            Assert.Equal(o.Json.GetRawText(), c.Json.GetRawText());
        }
    }

    [Fact]
    public void Node_facts_record_dm_crypt_disks_fips_os_and_timesyncd()
    {
        using var node = new FakeNode();
        node.Write("proc/1/mounts",
            "/dev/mapper/root / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n/dev/mapper/vg-kubelet /var/lib/kubelet xfs rw 0 0\n" +
            "/dev/sda1 /boot ext4 rw 0 0\n/dev/sdz1 /mnt/odd\\040disk ext4 rw 0 0\ntmpfs /run tmpfs rw 0 0\n");
        node.Write("sys/class/block/dm-0/dm/name", "root\n");
        node.Write("sys/class/block/dm-0/dm/uuid", "CRYPT-LUKS2-0123456789abcdef-root\n");
        node.Write("sys/class/block/dm-1/dm/name", "vg-kubelet\n");
        node.Write("sys/class/block/dm-1/dm/uuid", "LVM-abcdef\n");
        node.Write("sys/class/block/dm-1/slaves/dm-2", string.Empty);
        node.Write("sys/class/block/dm-2/dm/name", "pv-crypt\n");
        node.Write("sys/class/block/dm-2/dm/uuid", "CRYPT-LUKS1-fedcba-pv\n");
        node.Write("sys/class/block/sda1/partition", "1\n");
        node.Write("proc/sys/crypto/fips_enabled", "1\n");
        node.Write("etc/os-release", "ID=ubuntu\nVERSION_ID=\"24.04\"\nPRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\n");
        node.Write("run/systemd/timesync/synchronized", string.Empty);

        using var output = new TempDir();
        var result = NodeCollector.Collect(node.Root, Path.Combine(output.Path, "snap"), "cp-1",
            new FixedTime(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero)));
        using var facts = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Output, NodeCollector.FactsFile)));
        var f = facts.RootElement;
        Assert.Equal("phiguard.io/node-facts/v1", f.GetProperty("schema").GetString());
        Assert.Equal("cp-1", f.GetProperty("node").GetString());
        Assert.Equal("2026-11-28T00:00:00Z", f.GetProperty("collectedAt").GetString());
        Assert.True(f.GetProperty("fipsEnabled").GetBoolean());
        Assert.Equal("ubuntu", f.GetProperty("os").GetProperty("id").GetString());
        Assert.Equal("24.04", f.GetProperty("os").GetProperty("versionId").GetString());
        Assert.True(f.GetProperty("clock").GetProperty("synced").GetBoolean());
        Assert.Equal("timesyncd", f.GetProperty("clock").GetProperty("source").GetString());

        var disks = f.GetProperty("disks").EnumerateArray().ToDictionary(d => d.GetProperty("mount").GetString()!);
        Assert.Equal(["/", "/var/lib/kubelet", "/boot", "/mnt/odd disk"], disks.Keys);
        Assert.True(disks["/"].GetProperty("encrypted").GetBoolean());
        Assert.Equal("luks2", disks["/"].GetProperty("type").GetString());
        Assert.True(disks["/var/lib/kubelet"].GetProperty("encrypted").GetBoolean());
        Assert.Equal("luks", disks["/var/lib/kubelet"].GetProperty("type").GetString());
        Assert.False(disks["/boot"].GetProperty("encrypted").GetBoolean());
        Assert.Equal("none", disks["/boot"].GetProperty("type").GetString());
        Assert.False(disks["/mnt/odd disk"].TryGetProperty("encrypted", out _), "a device not in /sys is unknown, not unencrypted");
    }

    [Fact]
    public void Without_timesyncd_or_a_mount_table_those_facts_are_absent_with_a_note()
    {
        using var node = new FakeNode();
        using var output = new TempDir();
        var result = NodeCollector.Collect(node.Root, Path.Combine(output.Path, "snap"));
        using var facts = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Output, NodeCollector.FactsFile)));
        Assert.False(facts.RootElement.TryGetProperty("clock", out _));
        Assert.False(facts.RootElement.TryGetProperty("disks", out _));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Output, NodeCollector.ManifestFile)));
        var notes = manifest.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToArray();
        Assert.Contains(notes, n => n.StartsWith("clock:", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("disks:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_empty_output_folder_or_missing_root_is_refused()
    {
        using var node = new FakeNode();
        using var output = new TempDir();
        output.Write("old/file.txt", "x");
        var ex = Assert.Throws<NodeCollectException>(() => NodeCollector.Collect(node.Root, output.Path));
        Assert.Contains("not empty", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<NodeCollectException>(() => NodeCollector.Collect(Path.Combine(output.Path, "no-such-root"), Path.Combine(output.Path, "snap")));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
