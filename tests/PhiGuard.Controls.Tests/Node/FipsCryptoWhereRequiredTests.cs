using PhiGuard.Controls.Node;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Node;

namespace PhiGuard.Controls.Tests.Node;

public sealed class FipsCryptoWhereRequiredTests : IDisposable
{
    private const string FipsImage = "registry.clinic.example/fips/ehr-api:1.4.2";

    private readonly FipsCryptoWhereRequired control = new();
    private readonly string snapshotRoot = Directory.CreateTempSubdirectory("phiguard-fips-").FullName;

    private static readonly PhiGuardConfig Required = new() { FipsRequired = true, FipsImages = ["registry.clinic.example/fips"] };

    public void Dispose() => Directory.Delete(snapshotRoot, recursive: true);

    [Fact]
    public void Without_fips_required_the_control_is_not_applicable()
    {
        var yaml = YamlFixture.Load(Path.Combine(Fixtures.Root, "Node/FipsCryptoWhereRequired/fail.phi-node-not-in-fips-mode.yaml"));
        var result = Scan.Run(control, yaml.ToInventory(), PhiGuardConfig.Default);
        Assert.Equal(Status.NotApplicable, result.Controls[0].Status);
        Assert.Contains("fipsRequired", result.Controls[0].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1\n", Status.Pass)]
    [InlineData("0\n", Status.Fail)]
    public void A_node_snapshot_folder_is_judged_by_its_proc_fips_enabled_file(string fipsEnabled, Status expected)
    {
        // A kubeadm-like worker snapshot read by the real loader: hostname, kubelet config and the /proc file.
        var node = Path.Combine(snapshotRoot, "worker-9");
        Write(node, "etc/hostname", "worker-9\n");
        Write(node, "var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n");
        Write(node, "proc/sys/crypto/fips_enabled", fipsEnabled);
        var snapshot = NodeSnapshotLoader.Load(node);
        Assert.Empty(snapshot.Errors);

        var result = Scan.Run(control, Combine(snapshot.Objects, PhiPod("worker-9", FipsImage)), Required);

        Assert.Equal(expected, result.Controls[0].Status);
        if (expected == Status.Fail)
        {
            var f = Assert.Single(result.Findings, f => f.Status == Status.Fail);
            Assert.Equal("spec.fipsEnabled", f.Path);
            Assert.Contains("worker-9", f.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_snapshot_without_the_proc_file_is_not_assessable_not_a_pass()
    {
        var node = Path.Combine(snapshotRoot, "worker-3");
        Write(node, "etc/hostname", "worker-3\n");
        var snapshot = NodeSnapshotLoader.Load(node);

        var result = Scan.Run(control, Combine(snapshot.Objects, PhiPod("worker-3", FipsImage)), Required);

        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
    }

    [Fact]
    public void A_phi_node_with_no_snapshot_is_not_assessable()
    {
        var yaml = YamlFixture.Parse(PhiPod("worker-7", FipsImage));
        var result = Scan.Run(control, yaml.ToInventory(), Required);
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains(result.Findings, f => f.Status == Status.NotAssessable && f.Message.Contains("worker-7", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_named_build_set_images_are_not_assessable_even_on_fips_nodes()
    {
        var yaml = YamlFixture.Load(Path.Combine(Fixtures.Root, "Node/FipsCryptoWhereRequired/pass.fips-nodes-and-images.yaml"));
        var result = Scan.Run(control, yaml.ToInventory(), new PhiGuardConfig { FipsRequired = true });
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains(result.Findings, f => f.Status == Status.NotAssessable && f.Message.Contains("fipsImages", StringComparison.Ordinal));
    }

    private static string PhiPod(string node, string image) => Yaml.Namespace("ehr-prod") + $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: ehr-api-0
          namespace: ehr-prod
        spec:
          nodeName: {node}
          containers:
            - name: api
              image: {image}
        """;

    private static Inventory Combine(IReadOnlyList<KubeObject> snapshot, string yaml) =>
        new(snapshot.Concat(YamlFixture.Parse(yaml).Objects));

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
