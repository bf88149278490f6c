namespace PhiGuard.Sources.Live;

/// <summary>
/// How to reach a live cluster and what to read from it; defaults follow kubectl (current context of the default
/// kubeconfig, every namespace).
/// </summary>
public sealed record ClusterLoadOptions
{
    /// <summary>Kubeconfig file; null means <c>$KUBECONFIG</c> or <c>~/.kube/config</c>, as kubectl does.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>Kubeconfig context; null means the file's current-context.</summary>
    public string? Context { get; init; }

    /// <summary>Namespaces to read namespaced resources from; empty means all. Cluster-scoped resources are always read.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Time allowed for one request, from sending it to reading the whole answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Items asked for per list request (<c>limit</c>); the server may return fewer.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Use the pod's service account (in-cluster config). Also chosen automatically when
    /// <c>KUBERNETES_SERVICE_HOST</c> is set and no kubeconfig is given or found.
    /// </summary>
    public bool InCluster { get; init; }

    /// <summary>How many resource types are listed at the same time.</summary>
    public int MaxConcurrency { get; init; } = 4;
}
