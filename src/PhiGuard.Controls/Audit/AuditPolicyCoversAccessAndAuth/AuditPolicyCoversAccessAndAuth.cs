using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.AuditPolicy;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Audit;

/// <summary>
/// Reads of secrets, exec/attach/port-forward/proxy, impersonation, token and access reviews and failed
/// authentication are audited at Metadata or above, and secrets, configmaps and tokenreviews never above Metadata.
/// </summary>
internal sealed class AuditPolicyCoversAccessAndAuth : AuditPolicyControl
{
    private static readonly string[] AllVerbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

    public override string Id => "audit-policy-covers-access-and-auth";

    public override string Title => "Audit policy records secret reads, exec, proxy, impersonation and authentication, without secret payloads";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(b)", "164.308(a)(5)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-091", "hipaa-030"];

    public override IReadOnlyList<string> Requirements => ["S31", "S30"];

    public override string Rationale =>
        "Reading a Secret, opening a shell in a PHI pod or impersonating another user are the accesses an " +
        "investigation needs; failed logins are the signal of an attack. Logging Secret or token bodies would put " +
        "credentials into the audit store.";

    public override string Remediation =>
        "Before any None rule, add `- level: Metadata` for `resources: [{group: \"\", resources: [secrets, configmaps]}]` " +
        "and `{group: authentication.k8s.io, resources: [tokenreviews]}`; audit `pods/exec`, `pods/attach`, " +
        "`pods/portforward` and `*/proxy` at Metadata or above; never omit the ResponseStarted stage (failed " +
        "authentication is written at it).";

    public override string Remarks =>
        "Impersonated requests are audited under the caller's identity with the impersonated user recorded, so the " +
        "`impersonate` verb on users, groups and serviceaccounts stands for them. Failed authentication is simulated " +
        "as requests with no user (rules with users or userGroups cannot match them) and must be recorded at the " +
        "ResponseStarted stage, where the API server writes it. The payload ceiling is checked over every verb and both callers.";

    protected override void CheckPolicy(AuditPolicy policy, KubeObject file, ControlContext context, ClusterVerdict verdict)
    {
        bool Meta(AuditRequest _, AuditDecision d) => d.Level >= AuditLevel.Metadata && d.Records("ResponseComplete");
        var failed = Report(policy, file, Matrix(context, [new("", "secrets", "", true)], ["get", "list", "watch"]), Meta,
            "read secrets and must be recorded at Metadata or above", verdict);
        ServedResource[] sessions =
        [
            new("", "pods", "exec", true), new("", "pods", "attach", true), new("", "pods", "portforward", true),
            new("", "pods", "proxy", true), new("", "services", "proxy", true), new("", "nodes", "proxy", false),
        ];
        failed |= Report(policy, file, Matrix(context, sessions, ["create", "get"]), Meta,
            "open sessions into pods, services or nodes and must be recorded at Metadata or above", verdict);
        ServedResource[] reviews =
        [
            new("authentication.k8s.io", "tokenreviews", "", false), new("authorization.k8s.io", "subjectaccessreviews", "", false),
        ];
        failed |= Report(policy, file, Matrix(context, reviews, ["create"]), Meta, "review tokens or access and must be recorded at Metadata or above", verdict);
        ServedResource[] identities = [new("", "users", "", false), new("", "groups", "", false), new("", "serviceaccounts", "", true)];
        failed |= Report(policy, file, Matrix(context, identities, ["impersonate"]), Meta, "impersonate and must be recorded at Metadata or above", verdict);
        AuditRequest[] unauthenticated =
        [
            new() { Verb = "get", Resource = "secrets", Namespace = Namespaces(context)[0] },
            new() { Verb = "list", Resource = "pods", Namespace = Namespaces(context)[0] },
            new() { Verb = "get", Path = "/api" },
        ];
        failed |= Report(policy, file, unauthenticated, (_, d) => d.Level >= AuditLevel.Metadata && d.Records("ResponseStarted"),
            "fail authentication (401) and must be recorded", verdict);
        ServedResource[] payloads =
        [
            new("", "secrets", "", true), new("", "configmaps", "", true), new("authentication.k8s.io", "tokenreviews", "", false),
        ];
        failed |= Report(policy, file, Matrix(context, payloads, AllVerbs), (_, d) => d.Level <= AuditLevel.Metadata,
            "carry secret or token payloads and must never be recorded above Metadata", verdict);
        if (!failed)
        {
            verdict.Pass(file, "secret reads, sessions, reviews, impersonation and failed authentication are recorded, without payloads");
        }
    }
}
