using System.Text.Json.Serialization;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>Source-generated JSON metadata for <see cref="NodeFacts"/>: strict on types, indented, nulls omitted.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, MaxDepth = 16)]
[JsonSerializable(typeof(NodeFacts))]
internal sealed partial class NodeFactsJsonContext : JsonSerializerContext;
