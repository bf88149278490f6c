using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>A version read from one place: the text as written, where it came from, and the object and field that hold it.</summary>
public sealed record VersionReading(KubernetesVersion Version, string Text, string Source, KubeObject? Object, string Path);
