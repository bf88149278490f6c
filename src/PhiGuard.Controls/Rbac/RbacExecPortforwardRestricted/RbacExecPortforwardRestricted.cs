using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Rbac;

/// <summary>
/// Only the break-glass/JIT subjects of <c>rbac.execAllowList</c> can exec, attach, port-forward or proxy into pods,
/// services or nodes in PHI scope (effective permissions).
/// </summary>
internal sealed class RbacExecPortforwardRestricted : RbacAllowListControl
{
    public override string Id => "rbac-exec-portforward-restricted";

    public override string Title => "Exec, attach, port-forward and proxy in PHI scope only for the break-glass/JIT group";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-084", "hipaa-085"];

    public override IReadOnlyList<string> Requirements => ["S27", "S30"];

    public override string Rationale =>
        "A shell in an EHR pod or a port-forward to its database reads ePHI directly, around the application's own " +
        "access control and audit. It should happen only through a recorded, time-bound break-glass or JIT elevation.";

    public override string Remediation =>
        "Remove pods/exec, pods/attach, pods/portforward and the proxy subresources from roles that reach PHI namespaces; " +
        "grant them only to the JIT/break-glass group and list it in phiguard.yaml `rbac.execAllowList`.";

    public override string Remarks =>
        "Counts `create` and also `get` on pods/exec, pods/attach and pods/portforward: before Kubernetes 1.35 a WebSocket " +
        "exec is authorized as `get` (KEP-4006; the AuthorizePodWebsocketUpgradeCreatePermission gate closes that), so " +
        "either verb opens a shell. Proxy is `get` (and `create`) on pods/proxy, services/proxy and nodes/proxy; nodes " +
        "are cluster-scoped, so only ClusterRoleBindings can grant nodes/proxy. PHI scope: RoleBindings in PHI namespaces " +
        "and every ClusterRoleBinding. Allowed: `rbac.execAllowList`, the break-glass `clusterAdminAllowList` and " +
        "platform components (as for rbac-secrets-read-allowlist).";

    protected override IReadOnlyList<CapabilityAccess> Accesses { get; } =
    [
        new("create", string.Empty, "pods", "exec"), new("get", string.Empty, "pods", "exec"),
        new("create", string.Empty, "pods", "attach"), new("get", string.Empty, "pods", "attach"),
        new("create", string.Empty, "pods", "portforward"), new("get", string.Empty, "pods", "portforward"),
        new("get", string.Empty, "pods", "proxy"), new("create", string.Empty, "pods", "proxy"),
        new("get", string.Empty, "services", "proxy"), new("create", string.Empty, "services", "proxy"),
        new("get", string.Empty, "nodes", "proxy"), new("create", string.Empty, "nodes", "proxy"),
    ];

    protected override bool PhiScopeOnly => true;

    protected override string AllowListName => "rbac.execAllowList";

    protected override IReadOnlyList<SubjectRef> AllowList(PhiGuardConfig config) => config.Rbac.ExecAllowList;
}
