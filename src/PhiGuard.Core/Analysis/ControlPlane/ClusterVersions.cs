using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// The cluster's Kubernetes versions from whatever the input shows: the API server's from live <c>GET /version</c>,
/// the kube-apiserver static/mirror Pod's image tag, or the provider description (EKS <c>version</c>, GKE
/// <c>currentMasterVersion</c>, AKS <c>currentKubernetesVersion</c>/<c>kubernetesVersion</c>); kubelets' from Nodes'
/// <c>status.nodeInfo.kubeletVersion</c> and the provider's node pools.
/// </summary>
public static class ClusterVersions
{
    /// <summary>The API server's version from the most direct source available, or null when nothing states it.</summary>
    public static VersionReading? Server(ControlPlaneView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.Inventory.Facts.ServerVersion is { } live && KubernetesVersion.Parse(live) is { } lv)
        {
            return new VersionReading(lv, live, "GET /version", null, string.Empty);
        }

        foreach (var api in view.ApiServers)
        {
            var path = api.ContainerPath + ".image";
            if (ImageTag(Container(api)) is { } tag && KubernetesVersion.Parse(tag) is { } iv)
            {
                return new VersionReading(iv, tag, $"kube-apiserver image tag ({api.Pod.Name})", api.Pod, path);
            }
        }

        if (view.Provider is { } p)
        {
            foreach (var field in p.Provider switch
            {
                "eks" => new[] { "version" },
                "gke" => ["currentMasterVersion", "initialClusterVersion"],
                "aks" => ["currentKubernetesVersion", "kubernetesVersion", "properties.currentKubernetesVersion", "properties.kubernetesVersion"],
                _ => [],
            })
            {
                if (p.Get(field) is { ValueKind: JsonValueKind.String } e && KubernetesVersion.Parse(e.GetString()) is { } pv)
                {
                    return new VersionReading(pv, e.GetString()!, $"{p.Provider.ToUpperInvariant()} description {field}", p.Object, p.PathOf(field));
                }
            }
        }

        return null;
    }

    /// <summary>Kubelet versions: one per Node object, and one per node pool of the provider description.</summary>
    public static IReadOnlyList<VersionReading> Kubelets(ControlPlaneView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var list = new List<VersionReading>();
        foreach (var node in view.Inventory.OfKind("", "Node"))
        {
            if (node.Json.GetPath("status.nodeInfo")?.GetString("kubeletVersion") is { } kv && KubernetesVersion.Parse(kv) is { } v)
            {
                list.Add(new VersionReading(v, kv, $"Node {node.Name}", node, "status.nodeInfo.kubeletVersion"));
            }
        }

        if (view.Provider is { } p)
        {
            var (array, name, fields) = p.Provider switch
            {
                "gke" => ("nodePools", "name", new[] { "version" }),
                "aks" => (p.Get("agentPoolProfiles") is not null ? "agentPoolProfiles" : "properties.agentPoolProfiles", "name", new[] { "currentOrchestratorVersion", "orchestratorVersion" }),
                _ => (string.Empty, string.Empty, Array.Empty<string>()),
            };
            var i = 0;
            IEnumerable<JsonElement> pools = array.Length > 0 && p.Get(array) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];
            foreach (var pool in pools)
            {
                foreach (var f in fields)
                {
                    if (pool.GetString(f) is { } text && KubernetesVersion.Parse(text) is { } pv)
                    {
                        list.Add(new VersionReading(pv, text, $"node pool {pool.GetString(name) ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}", p.Object, p.PathOf($"{array}[{i}].{f}")));
                        break;
                    }
                }

                i++;
            }
        }

        return list;
    }

    private static JsonElement? Container(ControlPlaneComponent api)
    {
        // ContainerPath is "spec.containers[N]".
        var open = api.ContainerPath.LastIndexOf('[');
        var index = int.Parse(api.ContainerPath.AsSpan(open + 1, api.ContainerPath.Length - open - 2), System.Globalization.CultureInfo.InvariantCulture);
        return api.Pod.Json.GetPath("spec")?.GetArray("containers").ElementAtOrDefault(index);
    }

    /// <summary>The tag of an image reference (<c>registry.k8s.io/kube-apiserver:v1.35.2@sha256:…</c> → <c>v1.35.2</c>).</summary>
    private static string? ImageTag(JsonElement? container)
    {
        if (container?.GetString("image") is not { } image)
        {
            return null;
        }

        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[(colon + 1)..] : null;
    }
}
