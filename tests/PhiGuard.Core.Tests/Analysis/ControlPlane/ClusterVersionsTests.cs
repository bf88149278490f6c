using System.Text.Json;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Tests.Analysis.ControlPlane;

/// <summary>Where the cluster's versions are read from, most direct source first.</summary>
public sealed class ClusterVersionsTests
{
    private const string ApiServerPod = """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "kube-apiserver-cp-1", "namespace": "kube-system", "labels": {"component": "kube-apiserver"}},
         "spec": {"containers": [{"name": "sidecar", "image": "busybox:1.36"},
                                 {"name": "kube-apiserver", "image": "registry.k8s.io/kube-apiserver:v1.35.7@sha256:abc", "command": ["kube-apiserver"]}]}}
        """;

    private const string Gke = """
        {"apiVersion": "phiguard.io/v1alpha1", "kind": "ProviderDescription", "metadata": {"name": "c"},
         "spec": {"provider": "gke", "description": {"currentMasterVersion": "1.36.2-gke.100", "nodePools": [{"name": "p", "version": "1.35.9-gke.5"}]}}}
        """;

    private const string Node = """
        {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "w1"}, "status": {"nodeInfo": {"kubeletVersion": "v1.34.9"}}}
        """;

    [Fact]
    public void Live_version_wins_over_image_tag_and_description()
    {
        var v = ClusterVersions.Server(View([ApiServerPod, Gke], "v1.37.1"))!;
        Assert.Equal("GET /version", v.Source);
        Assert.Equal(new KubernetesVersion(37, 1), v.Version);
    }

    [Fact]
    public void Apiserver_image_tag_of_the_right_container_wins_over_the_description()
    {
        var v = ClusterVersions.Server(View([ApiServerPod, Gke]))!;
        Assert.Equal(new KubernetesVersion(35, 7), v.Version);
        Assert.Equal("spec.containers[1].image", v.Path);
    }

    [Fact]
    public void Description_gives_the_version_when_nothing_else_does()
    {
        var v = ClusterVersions.Server(View([Gke]))!;
        Assert.Equal(new KubernetesVersion(36, 2), v.Version);
        Assert.Equal("spec.description.currentMasterVersion", v.Path);
    }

    [Fact]
    public void No_source_gives_no_version()
    {
        Assert.Null(ClusterVersions.Server(View([Node])));
    }

    [Fact]
    public void Kubelets_come_from_nodes_and_node_pools()
    {
        var k = ClusterVersions.Kubelets(View([Node, Gke]));
        Assert.Equal([new KubernetesVersion(34, 9), new KubernetesVersion(35, 9)], k.Select(r => r.Version));
        Assert.Equal("spec.description.nodePools[0].version", k[1].Path);
    }

    private static ControlPlaneView View(string[] objects, string? serverVersion = null)
    {
        var list = objects.Select(o =>
        {
            using var doc = JsonDocument.Parse(o);
            return KubeObject.Create(doc.RootElement.Clone());
        }).ToList();
        return ControlPlaneView.Of(new PhiGuard.Core.Inventory.Inventory(list, facts: new ClusterFacts { ServerVersion = serverVersion }));
    }
}
