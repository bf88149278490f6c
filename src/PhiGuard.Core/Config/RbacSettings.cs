namespace PhiGuard.Core.Config;

/// <summary>
/// The <c>rbac:</c> section of <c>phiguard.yaml</c>: who may hold each sensitive permission, which service accounts
/// may be shared, and which controllers grant just-in-time elevation. Subjects in <c>clusterAdminAllowList</c>
/// (break-glass) count as allowed everywhere.
/// </summary>
public sealed record RbacSettings
{
    public static RbacSettings Default { get; } = new();

    /// <summary>Subjects that may get/list/watch Secrets in PHI namespaces (rbac-secrets-read-allowlist).</summary>
    public IReadOnlyList<SubjectRef> SecretsReaders { get; init; } = [];

    /// <summary>The break-glass/JIT subjects that may exec, attach, port-forward and proxy in PHI scope.</summary>
    public IReadOnlyList<SubjectRef> ExecAllowList { get; init; } = [];

    /// <summary>Subjects that may impersonate users, groups, service accounts, uids or user extras.</summary>
    public IReadOnlyList<SubjectRef> ImpersonationAllowList { get; init; } = [];

    /// <summary>Subjects that may escalate/bind roles, mint service-account tokens, approve CSRs or patch nodes.</summary>
    public IReadOnlyList<SubjectRef> EscalationAllowList { get; init; } = [];

    /// <summary>The service accounts of the just-in-time elevation controller (jit-elevation-expiring).</summary>
    public IReadOnlyList<SubjectRef> JitControllers { get; init; } = [];

    /// <summary>
    /// An identity-provider export (JSON: <c>users[]</c> and <c>groups[]</c> with <c>name</c>, <c>active</c> and
    /// optional <c>lastSeen</c>), resolved against the config file's folder (stale-or-orphaned-access).
    /// </summary>
    public string? IdentityExport { get; init; }

    /// <summary>Service accounts (<c>namespace/name</c>) that several PHI workloads may share (sa-dedicated-per-workload).</summary>
    public IReadOnlyList<string> SharedServiceAccounts { get; init; } = [];
}
