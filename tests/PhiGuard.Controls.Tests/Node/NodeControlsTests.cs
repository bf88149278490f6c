using PhiGuard.Controls.Network;
using PhiGuard.Controls.Node;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Tests.Node;

/// <summary>node-os-approved, clock-sync, node-disk-encrypted and the provider part of cloud-metadata-blocked: what is not seen is never a pass.</summary>
public sealed class NodeControlsTests
{
    private const string OldUbuntuNode = """
        apiVersion: v1
        kind: Node
        metadata:
          name: worker-1
          creationTimestamp: "2026-01-01T00:00:00Z"
        status:
          nodeInfo:
            osImage: Ubuntu 24.04.2 LTS
            kernelVersion: 6.8.0-60-generic
        """;

    private const string PhiPodOnWorkerB = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ehr
          labels: {phiguard.io/phi: "true", phiguard.io/environment: prod}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: records-0
          namespace: ehr
        spec:
          nodeName: worker-b
          containers: [{name: app, image: registry.clinic.example/records:1.0}]
        ---
        apiVersion: phiguard.io/v1alpha1
        kind: NodeSnapshot
        metadata:
          name: worker-a
        spec:
          facts:
            schema: phiguard.io/node-facts/v1
            disks: [{mount: /, device: /dev/sda1, encrypted: false, type: none}]
        ---
        apiVersion: phiguard.io/v1alpha1
        kind: NodeSnapshot
        metadata:
          name: worker-b
        spec:
          facts:
            schema: phiguard.io/node-facts/v1
            disks: [{mount: /, device: /dev/mapper/root, encrypted: true, type: luks2}]
        """;

    [Fact]
    public void Approved_os_and_kernel_lists_come_from_config()
    {
        var yaml = YamlFixture.Parse(OldUbuntuNode);
        Assert.Equal(Status.Fail, Scan.Run(new NodeOsApproved(), yaml).Controls[0].Status);
        var osOnly = new PhiGuardConfig { ApprovedNodeOs = ["Ubuntu 24.04"] };
        var aged = Scan.Run(new NodeOsApproved(), yaml.ToInventory(), osOnly);
        Assert.Equal(Status.Fail, aged.Controls[0].Status);
        Assert.Equal("metadata.creationTimestamp", aged.Findings[0].Path);
        var kernel = osOnly with { ApprovedKernels = ["6.8.0-60"] };
        Assert.Equal(Status.Pass, Scan.Run(new NodeOsApproved(), yaml.ToInventory(), kernel).Controls[0].Status);
    }

    [Fact]
    public void Node_of_unknown_age_is_not_assessable()
    {
        var yaml = YamlFixture.Parse(OldUbuntuNode.Replace("  creationTimestamp: \"2026-01-01T00:00:00Z\"\n", string.Empty, StringComparison.Ordinal).Replace("Ubuntu 24.04.2 LTS", "Talos (v1.10.4)", StringComparison.Ordinal));
        Assert.Equal(Status.NotAssessable, Scan.Run(new NodeOsApproved(), yaml).Controls[0].Status);
    }

    [Fact]
    public void No_nodes_is_not_assessable_for_the_node_controls()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr"));
        foreach (var control in new Control[] { new NodeOsApproved(), new ClockSync(), new NodeDiskEncrypted() })
        {
            Assert.Equal(Status.NotAssessable, Scan.Run(control, yaml).Controls[0].Status);
        }
    }

    [Fact]
    public void A_node_without_clock_facts_keeps_the_cluster_from_passing()
    {
        var yaml = YamlFixture.Parse(OldUbuntuNode + "\n---\n" + """
            apiVersion: phiguard.io/v1alpha1
            kind: NodeSnapshot
            metadata:
              name: worker-2
            spec:
              facts:
                schema: phiguard.io/node-facts/v1
                clock: {source: chrony, synced: true, offsetSeconds: 0.001}
            """);
        var result = Scan.Run(new ClockSync(), yaml);
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains(result.Findings, f => f.Status == Status.Pass && f.Message.Contains("worker-2", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Status == Status.NotAssessable && f.Message.Contains("worker-1", StringComparison.Ordinal));
    }

    [Fact]
    public void Timesyncd_without_an_offset_is_not_assessable()
    {
        var yaml = YamlFixture.Parse("""
            apiVersion: phiguard.io/v1alpha1
            kind: NodeSnapshot
            metadata:
              name: worker-3
            spec:
              facts:
                schema: phiguard.io/node-facts/v1
                clock: {source: timesyncd, synced: true}
            """);
        Assert.Equal(Status.NotAssessable, Scan.Run(new ClockSync(), yaml).Controls[0].Status);
    }

    [Fact]
    public void Disk_encryption_judges_only_nodes_that_run_phi_pods()
    {
        // worker-a's plain disk does not count: no PHI pod runs there.
        var result = Scan.Run(new NodeDiskEncrypted(), YamlFixture.Parse(PhiPodOnWorkerB));
        Assert.Equal(Status.Pass, result.Controls[0].Status);
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains("worker-a", StringComparison.Ordinal));
        var unplaced = Scan.Run(new NodeDiskEncrypted(), YamlFixture.Parse(PhiPodOnWorkerB.Replace("  nodeName: worker-b\n", string.Empty, StringComparison.Ordinal)));
        Assert.Equal(Status.Fail, unplaced.Controls[0].Status);
    }

    [Fact]
    public void Managed_cluster_without_description_or_facts_is_not_assessable()
    {
        var node = YamlFixture.Parse(OldUbuntuNode);
        var managed = new Inventory(node.Objects, facts: new ClusterFacts { ManagedProvider = "eks" });
        var disk = Scan.Run(new NodeDiskEncrypted(), managed);
        Assert.Equal(Status.NotAssessable, disk.Controls[0].Status);
        Assert.Contains("EKS", disk.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_provider_part_is_not_assessable_for_a_managed_cluster_without_description()
    {
        var text = File.ReadAllText(Path.Combine(Fixtures.Root, "Network/CloudMetadataBlocked/pass.default-deny-egress.yaml"));
        var yaml = YamlFixture.Parse(text);
        Assert.Equal(Status.Pass, Scan.Run(new CloudMetadataBlocked(), yaml).Controls[0].Status);
        var managed = new Inventory(yaml.Objects, facts: new ClusterFacts { ManagedProvider = "gke" });
        var result = Scan.Run(new CloudMetadataBlocked(), managed, yaml.ToConfig());
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains("provider part", result.Controls[0].Reason, StringComparison.Ordinal);
    }
}
