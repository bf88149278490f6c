namespace PhiGuard.Core.Inventory;

/// <summary>Where an object came from: a file and 1-based line and column, stdin ("-"), or a live cluster.</summary>
public sealed record SourceLocation(string File, int Line = 0, int Column = 0)
{
    /// <summary>The document's 0-based index within its file, for multi-document YAML and lists.</summary>
    public int Document { get; init; }

    /// <summary>True when the location names a file (or stdin) and a line, so reports can point at it.</summary>
    public bool HasLine => Line > 0;

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
