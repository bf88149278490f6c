using PhiGuard.Core.Analysis.AuditPolicy;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// A control over the audit Policy named by <c>--audit-policy-file</c>, judged by simulating requests through it
/// (first matching rule wins). No policy file means no events at all and fails.
/// </summary>
internal abstract class AuditPolicyControl : ApiServerControl
{
    public override IReadOnlyList<string> Kinds => ["Pod", "Policy"];

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var file = FileOf(api, view, "audit-policy-file", verdict, out var set);
        if (!set)
        {
            verdict.Fail(api.Pod, api.PathOf("audit-policy-file"), $"{api.Pod.Name}: --audit-policy-file is not set, so the API server records no audit events");
            return;
        }

        if (file is null)
        {
            return;
        }

        var policy = AuditPolicy.TryParse(file.Json, out var error);
        if (policy is null)
        {
            verdict.Fail(file, string.Empty, $"the audit policy at {api.Flags.Value("audit-policy-file")} is invalid: {error}");
            return;
        }

        CheckPolicy(policy, file, context, verdict);
    }

    protected abstract void CheckPolicy(AuditPolicy policy, KubeObject file, ControlContext context, ClusterVerdict verdict);

    /// <summary>Namespaces to simulate namespaced requests in: the PHI namespaces, or <c>default</c> when none are known.</summary>
    protected static IReadOnlyList<string> Namespaces(ControlContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Scope.PhiNamespaces.Count > 0 ? context.Scope.PhiNamespaces : ["default"];
    }

    /// <summary>Representative callers: a person from the identity provider and a workload's service account.</summary>
    protected static IEnumerable<(string User, string[] Groups)> Callers(string ns) =>
    [
        ("phiguard-probe@idp.example", ["oidc:staff", "system:authenticated"]),
        ($"system:serviceaccount:{ns}:default", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]),
    ];

    /// <summary>Requests for every served resource in scope, verb and caller.</summary>
    protected static IEnumerable<AuditRequest> Matrix(ControlContext context, IEnumerable<ServedResource> resources, IEnumerable<string> verbs)
    {
        ArgumentNullException.ThrowIfNull(context);
        var namespaces = Namespaces(context);
        var verbList = verbs.ToList();
        foreach (var r in resources)
        {
            foreach (var ns in r.Namespaced ? namespaces : [string.Empty])
            {
                foreach (var (user, groups) in Callers(ns.Length > 0 ? ns : "kube-system"))
                {
                    foreach (var verb in verbList)
                    {
                        yield return new AuditRequest
                        {
                            User = user,
                            Groups = groups,
                            Verb = verb,
                            ApiGroup = r.Group,
                            Resource = r.Resource,
                            Subresource = r.Subresource,
                            Namespace = ns,
                        };
                    }
                }
            }
        }
    }

    /// <summary>
    /// Reports requests that fail <paramref name="ok"/>, one finding per deciding rule (path <c>rules[i]</c>, or
    /// <c>rules</c> when no rule matched) with up to five examples; true when any failed.
    /// </summary>
    protected static bool Report(AuditPolicy policy, KubeObject file, IEnumerable<AuditRequest> requests, Func<AuditRequest, AuditDecision, bool> ok, string want, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(verdict);
        var bad = requests.Select(r => (Request: r, Decision: policy.Evaluate(r))).Where(x => !ok(x.Request, x.Decision)).ToList();
        foreach (var group in bad.GroupBy(b => b.Decision.Rule?.Index ?? -1).OrderBy(g => g.Key))
        {
            var examples = group.Select(g => g.Request.ToString()).Distinct(StringComparer.Ordinal).ToList();
            var first = group.First().Decision;
            var who = group.Key < 0 ? "no rule matches (level None)" : $"rule {group.Key} decides level {first.Level}" + (first.OmitStages.Count > 0 ? $" omitting {string.Join(", ", first.OmitStages)}" : string.Empty);
            var list = string.Join("; ", examples.Take(5)) + (examples.Count > 5 ? $"; and {examples.Count - 5} more" : string.Empty);
            verdict.Fail(file, group.Key < 0 ? "rules" : $"rules[{group.Key}]", $"{examples.Count} request(s) {want}, but {who}: {list}");
        }

        return bad.Count > 0;
    }
}
