using System.Text.Json.Serialization;

namespace PhiGuard.Sources.Node;

/// <summary>Source-generated JSON for the kubelet argument list kept in an annotation.</summary>
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StringListContext : JsonSerializerContext;
