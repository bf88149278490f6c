namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Bounds on what one load may consume: every input is untrusted, so each limit fails the offending file or
/// document with a clear message instead of exhausting the machine.
/// </summary>
public sealed record LoaderLimits
{
    /// <summary>The defaults: generous for real clusters (2 million objects, 32 MiB documents).</summary>
    public static LoaderLimits Default { get; } = new();

    /// <summary>Largest file (after gzip decompression) or stdin stream, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Largest single YAML document (source characters and converted JSON bytes), or JSON list item.</summary>
    public int MaxDocumentBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences in one document.</summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>Nodes that YAML alias expansion may produce in one document (stops "billion laughs").</summary>
    public long MaxAliasExpansion { get; init; } = 100_000;

    /// <summary>Objects in one load, all inputs together.</summary>
    public int MaxObjects { get; init; } = 2_000_000;

    internal void Validate()
    {
        if (MaxFileBytes <= 0 || MaxDocumentBytes <= 0 || MaxDepth <= 0 || MaxAliasExpansion < 0 || MaxObjects <= 0)
        {
            throw new ArgumentException("loader limits must be positive");
        }
    }
}
