namespace PhiGuard.Controls.Support;

/// <summary>
/// An image reference split into registry host (<c>docker.io</c> when none is written), repository, tag and digest,
/// so a running image can be matched to a scanner's report of it.
/// </summary>
internal sealed record ImageRef(string Registry, string Repository, string? Tag, string? Digest)
{
    public static ImageRef Parse(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var digest = at >= 0 ? image[(at + 1)..] : null;
        var name = at >= 0 ? image[..at] : image;
        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = name[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                return new ImageRef(first, name[(slash + 1)..], tag, digest);
            }
        }

        return new ImageRef("docker.io", name.Contains('/', StringComparison.Ordinal) ? name : "library/" + name, tag, digest);
    }

    /// <summary>True when <paramref name="other"/> names the same repository and the same digest (or, lacking digests, tag).</summary>
    public bool SameImage(ImageRef other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!NormalRegistry(Registry).Equals(NormalRegistry(other.Registry), StringComparison.OrdinalIgnoreCase) ||
            !Repository.Equals(other.Repository, StringComparison.Ordinal))
        {
            return false;
        }

        if (Digest is not null && other.Digest is not null)
        {
            return Digest.Equals(other.Digest, StringComparison.Ordinal);
        }

        return (Tag ?? "latest").Equals(other.Tag ?? "latest", StringComparison.Ordinal);
    }

    /// <summary>
    /// Registry and repository as <see cref="SameImage"/> compares them (registry aliases folded, case ignored): images
    /// with different keys are never the same image, so a lookup by this key narrows the candidates.
    /// </summary>
    public string RepositoryKey => NormalRegistry(Registry).ToUpperInvariant() + "/" + Repository;

    private static string NormalRegistry(string r) => r is "index.docker.io" or "registry-1.docker.io" ? "docker.io" : r;
}
