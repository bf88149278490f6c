namespace PhiGuard.Sources.Node.Collect;

/// <summary>
/// Node paths resolved inside a root folder, the way a chroot would: an absolute symlink target (kubelet's
/// <c>kubelet-client-current.pem</c> points to an absolute path) is read under the root, never outside it.
/// </summary>
internal sealed class RootedFileSystem(string root)
{
    private const int MaxLinks = 40;

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The real path of <paramref name="nodePath"/> under the root, or null when a link loop or escape is found.</summary>
    public string? Resolve(string nodePath)
    {
        var pending = new List<string>(Split(nodePath));
        var parts = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending[0];
            pending.RemoveAt(0);
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                // ".." never climbs above the root, as in a chroot.
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            var candidate = Path.Combine([Root, .. parts, part]);
            string? target;
            try
            {
                target = new FileInfo(candidate).LinkTarget;
            }
            catch (IOException)
            {
                target = null;
            }

            if (target is null)
            {
                parts.Add(part);
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (target.StartsWith('/'))
            {
                parts.Clear();
            }

            pending.InsertRange(0, Split(target));
        }

        return Path.Combine([Root, .. parts]);
    }

    /// <summary>The node path (absolute, forward slashes) of a real path found by walking a folder under the root.</summary>
    public string NodePathOf(string real) => "/" + Path.GetRelativePath(Root, real).Replace('\\', '/');

    private static string[] Split(string path) => path.Replace('\\', '/').Split('/');
}
