namespace PhiGuard.Sources.Manifests;

/// <summary>One converted YAML document (its JSON waits in the converter's batch): where its root and list items start.</summary>
internal readonly record struct YamlDocument(long Line, long Column, IReadOnlyList<(long Line, long Column)> ItemStarts);
