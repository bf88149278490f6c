using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Rbac;

/// <summary>Only subjects in <c>rbac.impersonationAllowList</c> can impersonate users, groups, service accounts, uids or user extras.</summary>
internal sealed class RbacImpersonationRestricted : RbacAllowListControl
{
    public override string Id => "rbac-impersonation-restricted";

    public override string Title => "Impersonation only for allow-listed subjects";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.312(a)(2)(i)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-082", "hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S27"];

    public override string Rationale =>
        "Impersonation lets a subject act as any other identity (system:masters included), defeating unique user " +
        "identification: the audit log records the impersonated user, and every permission of that user is gained.";

    public override string Remediation =>
        "Remove the impersonate verb from roles; where an authenticating proxy needs it, restrict it with resourceNames " +
        "and list its service account in phiguard.yaml `rbac.impersonationAllowList`.";

    public override string Remarks =>
        "Counts `impersonate` on users, groups and serviceaccounts (core group) and on uids and userextras/* " +
        "(authentication.k8s.io), in any namespace or cluster-wide: a RoleBinding that allows impersonating service " +
        "accounts of its namespace is still impersonation. A rule limited by resourceNames still counts. Allowed: " +
        "`rbac.impersonationAllowList`, the break-glass `clusterAdminAllowList` and platform components.";

    protected override IReadOnlyList<CapabilityAccess> Accesses => Capability.Impersonate.Accesses;

    protected override bool PhiScopeOnly => false;

    protected override string AllowListName => "rbac.impersonationAllowList";

    protected override IReadOnlyList<SubjectRef> AllowList(PhiGuardConfig config) => config.Rbac.ImpersonationAllowList;
}
