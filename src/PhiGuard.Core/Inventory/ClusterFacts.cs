namespace PhiGuard.Core.Inventory;

/// <summary>What is known about the cluster beyond its objects (live scans and snapshots fill it in).</summary>
public sealed record ClusterFacts
{
    public static ClusterFacts None { get; } = new();

    /// <summary>The API server's version (<c>GET /version</c> gitVersion), when read from a live cluster.</summary>
    public string? ServerVersion { get; init; }

    /// <summary>The kubeconfig context or server the inventory was read from.</summary>
    public string? Context { get; init; }

    /// <summary>Managed provider detected or declared (eks, gke, aks), or null when unknown or self-managed.</summary>
    public string? ManagedProvider { get; init; }
}
