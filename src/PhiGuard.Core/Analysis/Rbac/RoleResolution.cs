namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>What a binding's roleRef points at.</summary>
public enum RoleResolution
{
    /// <summary>The role is in the input (or is cluster-admin, whose rules are fixed by Kubernetes).</summary>
    Resolved,

    /// <summary>No such role: the binding grants nothing (and is reported).</summary>
    Missing,

    /// <summary>A Kubernetes default ClusterRole (admin, edit, view, system:*) not in manifest input; rules unknown.</summary>
    BuiltInNotInInput,
}
