namespace PhiGuard.Controls.Support;

/// <summary>The admission policies CONTROLS.md #53 requires in deny/enforce mode for every PHI namespace.</summary>
[Flags]
internal enum PolicyRequirement
{
    None = 0,

    /// <summary>Containers must run as non-root.</summary>
    NonRoot = 1,

    /// <summary>Containers must have a read-only root filesystem.</summary>
    ReadOnlyRootFilesystem = 2,

    /// <summary>Images must come from approved registries.</summary>
    Registries = 4,

    /// <summary>Image signatures must verify.</summary>
    Signatures = 8,
}
