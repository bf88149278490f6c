namespace PhiGuard.Admission.Images;

/// <summary>
/// A container image reference split as the OCI distribution API needs it: registry host, repository, and tag or
/// digest. Follows the Docker rules: a first component with a dot, a colon or named <c>localhost</c> is a
/// registry, otherwise the image is on Docker Hub (single names under <c>library/</c>).
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static ImageReference? TryParse(string? image)
    {
        if (string.IsNullOrWhiteSpace(image) || image.Any(char.IsWhiteSpace))
        {
            return null;
        }

        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var rest = image;
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            rest = image[..at];
            if (!IsSha256Digest(digest))
            {
                return null;
            }
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        string registry;
        string repository;
        var first = slash < 0 ? null : rest[..slash];
        if (first is not null && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"))
        {
            registry = first;
            repository = rest[(slash + 1)..];
        }
        else
        {
            registry = DockerHub;
            repository = slash < 0 ? "library/" + rest : rest;
        }

        return repository.Length == 0 || (tag is not null && tag.Length == 0) ? null : new ImageReference(registry, repository, tag, digest);
    }

    /// <summary>True for <c>sha256:</c> followed by 64 lower-case hex digits.</summary>
    public static bool IsSha256Digest(string s) =>
        s.Length == 71 && s.StartsWith("sha256:", StringComparison.Ordinal) && s.AsSpan(7).IndexOfAnyExcept(LowerHex) < 0;

    /// <summary>The host the distribution API is served from (Docker Hub's API host differs from its name).</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? string.Empty : ":" + Tag)}{(Digest is null ? string.Empty : "@" + Digest)}";
}
