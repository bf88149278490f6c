using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Rbac;

/// <summary>Only subjects in <c>rbac.secretsReaders</c> can get, list or watch Secrets in PHI namespaces (effective permissions).</summary>
internal sealed class RbacSecretsReadAllowlist : RbacAllowListControl
{
    public override string Id => "rbac-secrets-read-allowlist";

    public override string Title => "Only allow-listed subjects can read Secrets in PHI namespaces";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.308(a)(4)(ii)(B)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-021", "hipaa-084", "hipaa-085"];

    public override IReadOnlyList<string> Requirements => ["S27"];

    public override string Rationale =>
        "Secrets in a PHI namespace hold database passwords, encryption keys and service-account tokens: reading one is " +
        "reading the ePHI it protects. list and watch return every Secret's data, not just names.";

    public override string Remediation =>
        "Remove get/list/watch on secrets from roles bound in PHI namespaces (and from ClusterRoles bound cluster-wide); " +
        "give workloads their secrets through volumes or a CSI driver instead of API access. List the few subjects that " +
        "need it in phiguard.yaml `rbac.secretsReaders`, e.g. `{kind: ServiceAccount, namespace: ehr-prod, name: backup}`.";

    public override string Remarks =>
        "Judged on effective permissions: a rule counts when it allows get, list or watch on secrets in the core group for " +
        "some name (wildcards, aggregated ClusterRoles and resourceNames included — a rule naming one Secret still reads " +
        "it). Grants reach a PHI namespace through a RoleBinding there or any ClusterRoleBinding. Allowed: " +
        "`rbac.secretsReaders`, the break-glass `clusterAdminAllowList`, and platform components (groups system:masters, " +
        "system:nodes, kubeadm:cluster-admins; system: users except system:anonymous; service accounts of system " +
        "namespaces). A binding to a default ClusterRole (admin, edit, view, system:*) that the input lacks is " +
        "not-assessable, since its rules are only known from a live cluster.";

    protected override IReadOnlyList<CapabilityAccess> Accesses { get; } =
        [new("get", string.Empty, "secrets"), new("list", string.Empty, "secrets"), new("watch", string.Empty, "secrets")];

    protected override bool PhiScopeOnly => true;

    protected override string AllowListName => "rbac.secretsReaders";

    protected override IReadOnlyList<SubjectRef> AllowList(PhiGuardConfig config) => config.Rbac.SecretsReaders;
}
