namespace PhiGuard.Sources.Manifests;

/// <summary>The JSON type a YAML scalar resolves to.</summary>
internal enum ScalarKind
{
    String,
    Null,
    True,
    False,
    Integer,
    Unsigned,
    Float,

    /// <summary>NaN or an infinity: valid YAML, but not representable in JSON (Kubernetes refuses it too).</summary>
    NotFinite,

    /// <summary>The YAML 1.1 merge key <c>&lt;&lt;</c>.</summary>
    Merge,
}
