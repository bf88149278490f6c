using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Rbac;

/// <summary>
/// Only subjects in <c>rbac.escalationAllowList</c> can escalate or bind roles, mint service-account tokens, approve
/// certificate signing requests or patch nodes.
/// </summary>
internal sealed class RbacEscalationPathsRestricted : RbacAllowListControl
{
    private const string Rbac = PermissionModel.RbacGroup;

    public override string Id => "rbac-escalation-paths-restricted";

    public override string Title => "Privilege-escalation permissions only for allow-listed subjects";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.308(a)(4)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-023"];

    public override IReadOnlyList<string> Requirements => ["S26", "S27"];

    public override string Rationale =>
        "escalate and bind let a subject grant itself any role; a minted service-account token or an approved client " +
        "certificate is a new identity; patching nodes steers PHI pods. Each turns a narrow grant into unreviewed access, " +
        "bypassing the access-modification process.";

    public override string Remediation =>
        "Remove escalate/bind on roles and clusterroles, create on serviceaccounts/token, update on " +
        "certificatesigningrequests/approval and patch on nodes from everyone but the components that need them; list " +
        "those in phiguard.yaml `rbac.escalationAllowList`. `phiguard rbac paths` shows each chain.";

    public override string Remarks =>
        "Counts escalate and bind on roles and clusterroles (rbac.authorization.k8s.io), create on serviceaccounts/token, " +
        "update and patch on certificatesigningrequests/approval (certificates.k8s.io), and patch and update on nodes, in " +
        "any namespace or cluster-wide, wildcards and aggregation included. Allowed: `rbac.escalationAllowList`, the " +
        "break-glass `clusterAdminAllowList` and platform components (kube-controller-manager's service accounts in " +
        "kube-system need several of these).";

    protected override IReadOnlyList<CapabilityAccess> Accesses { get; } =
    [
        new("escalate", Rbac, "roles"), new("escalate", Rbac, "clusterroles"),
        new("bind", Rbac, "roles"), new("bind", Rbac, "clusterroles"),
        new("create", string.Empty, "serviceaccounts", "token"),
        new("update", "certificates.k8s.io", "certificatesigningrequests", "approval"),
        new("patch", "certificates.k8s.io", "certificatesigningrequests", "approval"),
        new("patch", string.Empty, "nodes"), new("update", string.Empty, "nodes"),
    ];

    protected override bool PhiScopeOnly => false;

    protected override string AllowListName => "rbac.escalationAllowList";

    protected override IReadOnlyList<SubjectRef> AllowList(PhiGuardConfig config) => config.Rbac.EscalationAllowList;
}
