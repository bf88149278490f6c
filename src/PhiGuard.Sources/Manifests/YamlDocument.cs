using System.Text.Json;

namespace PhiGuard.Sources.Manifests;

/// <summary>One converted YAML document: its JSON root and where its root and its list items start.</summary>
internal readonly record struct YamlDocument(JsonElement Root, long Line, long Column, IReadOnlyList<(long Line, long Column)> ItemStarts);
