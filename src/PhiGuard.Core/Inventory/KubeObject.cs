using System.Text.Json;

namespace PhiGuard.Core.Inventory;

/// <summary>
/// One Kubernetes object of any kind, kept as parsed JSON (never a typed model, so CRDs of kinds PhiGuard does not
/// know are kept as they are), with where it came from.
/// </summary>
public sealed class KubeObject
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string>? labels;
    private IReadOnlyDictionary<string, string>? annotations;

    private KubeObject(JsonElement json, string apiVersion, string kind, string name, string? ns, SourceLocation? source)
    {
        Json = json;
        ApiVersion = apiVersion;
        Kind = kind;
        Name = name;
        Namespace = ns;
        Source = source;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        Group = slash < 0 ? string.Empty : apiVersion[..slash];
        Version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        Ref = new ObjectRef(apiVersion, kind, ns, name);
    }

    /// <summary>The object as parsed JSON.</summary>
    public JsonElement Json { get; }

    public string ApiVersion { get; }

    /// <summary>The API group ("" for the core group).</summary>
    public string Group { get; }

    public string Version { get; }

    public string Kind { get; }

    public string Name { get; }

    /// <summary>metadata.namespace as given; null for cluster-scoped objects or manifests that leave it out.</summary>
    public string? Namespace { get; }

    public SourceLocation? Source { get; }

    public ObjectRef Ref { get; }

    public string? Uid => Json.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object &&
                          m.TryGetProperty("uid", out var u) && u.ValueKind == JsonValueKind.String
        ? u.GetString()
        : null;

    public IReadOnlyDictionary<string, string> Labels => labels ??= ReadStringMap("labels");

    public IReadOnlyDictionary<string, string> Annotations => annotations ??= ReadStringMap("annotations");

    /// <summary>
    /// Builds an object from parsed JSON, or returns why it is not a Kubernetes object (no kind, apiVersion or
    /// metadata.name). Does not throw on malformed input.
    /// </summary>
    public static KubeObject? TryCreate(JsonElement json, SourceLocation? source, out string? error)
    {
        error = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = $"expected an object, found {Describe(json.ValueKind)}";
            return null;
        }

        var apiVersion = StringProperty(json, "apiVersion");
        var kind = StringProperty(json, "kind");
        string? name = null;
        string? ns = null;
        if (json.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            name = StringProperty(meta, "name");
            ns = StringProperty(meta, "namespace");
            if (string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(StringProperty(meta, "generateName")))
            {
                name = StringProperty(meta, "generateName");
            }
        }

        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name))
        {
            var missing = new List<string>(3);
            if (string.IsNullOrEmpty(apiVersion))
            {
                missing.Add("apiVersion");
            }

            if (string.IsNullOrEmpty(kind))
            {
                missing.Add("kind");
            }

            if (string.IsNullOrEmpty(name))
            {
                missing.Add("metadata.name");
            }

            error = $"not a Kubernetes object: missing {string.Join(", ", missing)}";
            return null;
        }

        return new KubeObject(json, apiVersion, kind, name, string.IsNullOrEmpty(ns) ? null : ns, source);
    }

    /// <summary>Builds an object or throws <see cref="ArgumentException"/>; for tests and generated input.</summary>
    public static KubeObject Create(JsonElement json, SourceLocation? source = null) =>
        TryCreate(json, source, out var error) ?? throw new ArgumentException(error, nameof(json));

    /// <summary>The element at a dotted path (<c>spec.template.spec</c>), or null when any step is missing.</summary>
    public JsonElement? Get(string path) => Json.GetPath(path);

    public override string ToString() => Ref.ToString();

    private static string? StringProperty(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null or JsonValueKind.Undefined => "nothing",
        _ => kind.ToString(),
    };

    private IReadOnlyDictionary<string, string> ReadStringMap(string property)
    {
        if (!Json.TryGetProperty("metadata", out var meta) || meta.ValueKind != JsonValueKind.Object ||
            !meta.TryGetProperty(property, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in map.EnumerateObject())
        {
            // A non-string value is invalid for Kubernetes; keep its text so checks still see what was written.
            result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }

        return result;
    }
}
