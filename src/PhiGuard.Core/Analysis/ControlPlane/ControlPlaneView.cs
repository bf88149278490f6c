using System.Runtime.CompilerServices;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// What the inventory shows of the control plane and the nodes: the static/mirror Pods of kube-apiserver, etcd,
/// kube-controller-manager and kube-scheduler with their flags, kubelet configurations, node files by path, node
/// snapshots and a managed provider's description. Built once per inventory.
/// </summary>
public sealed class ControlPlaneView
{
    private static readonly ConditionalWeakTable<Inventory.Inventory, ControlPlaneView> Cache = [];

    /// <summary>
    /// kube-apiserver's bool flags (kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/):
    /// <c>--v</c> is an int and <c>--strict-transport-security-directives</c> a string list, so both take the next
    /// argument as their value (<c>--v 2</c>) and are not listed here.
    /// </summary>
    private static readonly HashSet<string> ApiServerBooleans = new(StringComparer.Ordinal)
    {
        "anonymous-auth", "service-account-extend-token-expiration", "profiling", "allow-privileged",
        "enable-bootstrap-token-auth", "audit-log-compress", "enable-aggregator-routing", "enable-garbage-collector",
        "enable-priority-and-fairness", "contention-profiling", "watch-cache", "audit-log-truncate-enabled",
        "audit-webhook-truncate-enabled", "permit-port-sharing", "permit-address-sharing", "enable-logs-handler",
    };

    private static readonly HashSet<string> EtcdBooleans = new(StringComparer.Ordinal)
    {
        "client-cert-auth", "peer-client-cert-auth", "auto-tls", "peer-auto-tls", "experimental-initial-corrupt-check",
        "enable-pprof", "strict-reconfig-check", "debug",
    };

    private static readonly HashSet<string> ControllerBooleans = new(StringComparer.Ordinal)
    {
        "use-service-account-credentials", "profiling", "leader-elect", "allocate-node-cidrs",
    };

    private readonly Dictionary<string, List<KubeObject>> filesByPath;

    private ControlPlaneView(Inventory.Inventory inventory)
    {
        Inventory = inventory;
        var systemPods = inventory.OfKind("", "Pod").Where(p => p.Namespace is null or "kube-system").ToList();
        ApiServers = Components(systemPods, "kube-apiserver", ApiServerBooleans);
        Etcds = Components(systemPods, "etcd", EtcdBooleans);
        ControllerManagers = Components(systemPods, "kube-controller-manager", ControllerBooleans);
        Schedulers = Components(systemPods, "kube-scheduler", ControllerBooleans);
        KubeletConfigs = inventory.OfKind("KubeletConfiguration").ToArray();
        NodeSnapshots = inventory.OfKind(NodeFiles.Group, "NodeSnapshot").ToArray();
        Provider = inventory.OfKind(NodeFiles.Group, ProviderDescription.Kind).Select(ProviderDescription.From)
            .FirstOrDefault(p => p is not null);
        filesByPath = new Dictionary<string, List<KubeObject>>(StringComparer.Ordinal);
        foreach (var o in inventory.Objects)
        {
            if (o.Annotations.TryGetValue(NodeFiles.PathAnnotation, out var path))
            {
                var key = NodeFiles.Normalise(path);
                if (!filesByPath.TryGetValue(key, out var list))
                {
                    filesByPath[key] = list = [];
                }

                list.Add(o);
            }
        }
    }

    public Inventory.Inventory Inventory { get; }

    public IReadOnlyList<ControlPlaneComponent> ApiServers { get; }

    public IReadOnlyList<ControlPlaneComponent> Etcds { get; }

    public IReadOnlyList<ControlPlaneComponent> ControllerManagers { get; }

    public IReadOnlyList<ControlPlaneComponent> Schedulers { get; }

    /// <summary>KubeletConfiguration objects (one per node snapshot, or given as manifests).</summary>
    public IReadOnlyList<KubeObject> KubeletConfigs { get; }

    /// <summary><c>phiguard.io NodeSnapshot</c> objects: facts a node collector read (FIPS mode, disks, clock).</summary>
    public IReadOnlyList<KubeObject> NodeSnapshots { get; }

    /// <summary>The managed provider's description, when one was given.</summary>
    public ProviderDescription? Provider { get; }

    /// <summary>eks, gke or aks when the cluster is managed (from a description or detected live), else null.</summary>
    public string? ManagedProvider => Provider?.Provider ?? Inventory.Facts.ManagedProvider?.ToLowerInvariant();

    /// <summary>True when at least one kube-apiserver Pod (static manifest or mirror Pod) is in the inventory.</summary>
    public bool ApiServerVisible => ApiServers.Count > 0;

    /// <summary>Why the API server's configuration cannot be judged, for not-assessable outcomes.</summary>
    public string ApiServerHiddenReason => ManagedProvider is { } p
        ? $"the {p.ToUpperInvariant()} control plane is run by the provider: its API server flags are not visible and the provider description does not state this setting"
        : "no kube-apiserver Pod is in the input (give the control-plane node's snapshot with --node-snapshot, or scan a cluster whose API server runs as a static Pod)";

    /// <summary>Why kubelet configuration cannot be judged.</summary>
    public static string KubeletHiddenReason =>
        "no KubeletConfiguration is in the input (kubelet configuration lives on nodes: collect it with `phiguard node collect` and give it with --node-snapshot)";

    public static ControlPlaneView Of(Inventory.Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        return Cache.GetValue(inventory, i => new ControlPlaneView(i));
    }

    /// <summary>The objects read from a node file at <paramref name="path"/> (one per node that has it).</summary>
    public IReadOnlyList<KubeObject> FilesAt(string path) =>
        filesByPath.TryGetValue(NodeFiles.Normalise(path), out var list) ? list : [];

    /// <summary>The object read from the file at <paramref name="path"/> on <paramref name="node"/> (or any node when unknown).</summary>
    public KubeObject? FileAt(string path, string? node)
    {
        var files = FilesAt(path);
        return files.FirstOrDefault(f => node is not null && f.Annotations.TryGetValue(NodeFiles.NodeAnnotation, out var n) && n == node)
               ?? (files.Count > 0 ? files[0] : null);
    }

    private static ControlPlaneComponent[] Components(List<KubeObject> pods, string binary, IReadOnlySet<string> booleans) =>
        pods.Where(p => p.Name == binary || p.Name.StartsWith(binary + "-", StringComparison.Ordinal) ||
                        (p.Labels.TryGetValue("component", out var c) && c == binary))
            .Select(p => ControlPlaneComponent.From(p, binary, booleans))
            .OfType<ControlPlaneComponent>()
            .ToArray();
}
