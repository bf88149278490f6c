namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// The annotations that tie an inventory object to the node file it was read from: node snapshots turn
/// configuration files (KubeletConfiguration, EncryptionConfiguration, audit Policy, …) into objects carrying them.
/// </summary>
public static class NodeFiles
{
    /// <summary>The absolute path of the file on the node, e.g. <c>/etc/kubernetes/enc/enc.yaml</c>.</summary>
    public const string PathAnnotation = "phiguard.io/node-path";

    /// <summary>The node the file was read from.</summary>
    public const string NodeAnnotation = "phiguard.io/node";

    /// <summary>The API group of PhiGuard's own descriptive kinds (NodeSnapshot, ProviderDescription).</summary>
    public const string Group = "phiguard.io";

    /// <summary>Normalises a path for lookup: forward slashes, no trailing slash, a leading slash.</summary>
    public static string Normalise(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = path.Trim().Replace('\\', '/').TrimEnd('/');
        return p.StartsWith('/') ? p : "/" + p;
    }
}
