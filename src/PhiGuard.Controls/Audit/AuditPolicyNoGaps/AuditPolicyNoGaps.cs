using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.AuditPolicy;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Audit;

/// <summary>
/// The audit policy ends with a catch-all rule at Metadata or above, drops (None) only enumerated system noise, and
/// never omits the ResponseComplete stage.
/// </summary>
internal sealed class AuditPolicyNoGaps : AuditPolicyControl
{
    /// <summary>System components whose own requests may be dropped as noise.</summary>
    private static readonly string[] NoiseUsers =
    [
        "system:kube-proxy", "system:kube-scheduler", "system:kube-controller-manager", "system:apiserver",
        "system:volume-scheduler", "system:serviceaccount:kube-system:endpoint-controller",
        "system:serviceaccount:kube-system:generic-garbage-collector", "system:serviceaccount:kube-system:namespace-controller",
    ];

    private static readonly string[] NoiseGroups = ["system:nodes"];

    private static readonly string[] NoisePaths = ["/healthz", "/healthz*", "/livez", "/livez*", "/readyz", "/readyz*", "/version", "/version*", "/metrics", "/openapi*", "/api*", "/apis*"];

    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    public override string Id => "audit-policy-no-gaps";

    public override string Title => "Audit policy has a catch-all, drops only system noise, never omits ResponseComplete";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(b)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-093"];

    public override IReadOnlyList<string> Requirements => ["S31"];

    public override string Rationale =>
        "Requests no rule matches are not logged at all; a broad None rule silently exempts people or workloads; " +
        "omitting ResponseComplete loses the outcome of every request.";

    public override string Remediation =>
        "End the policy with `- level: Metadata` (no selectors). Restrict None rules to named system components " +
        "(`users: [system:kube-proxy]`, `userGroups: [system:nodes]`), health and discovery URLs, or reads of events. " +
        "Omit at most `RequestReceived`.";

    public override string Remarks =>
        "Enumerated noise: None rules whose users are all system components (kube-proxy, scheduler, controller " +
        "manager, apiserver and named kube-system controllers) or whose userGroups are all system:nodes; rules " +
        "selecting only non-resource health/version/discovery URLs; and rules limited to get/list/watch on events " +
        "(core or events.k8s.io). Any other None rule fails.";

    protected override void CheckPolicy(AuditPolicy policy, KubeObject file, ControlContext context, ClusterVerdict verdict)
    {
        var failed = false;
        var last = policy.Rules.Count > 0 ? policy.Rules[^1] : null;
        if (last is null || !last.IsCatchAll || last.Level < AuditLevel.Metadata)
        {
            verdict.Fail(file, last is null ? "rules" : $"rules[{last.Index}]", last is null
                ? "the policy has no rules, so nothing is recorded"
                : $"the last rule ({last.Level}) is not a catch-all at Metadata or above, so requests matching no rule are not recorded");
            failed = true;
        }

        if (policy.OmitStages.Contains("ResponseComplete", StringComparer.Ordinal))
        {
            verdict.Fail(file, "omitStages", "the policy omits ResponseComplete for every rule: no request's outcome is recorded");
            failed = true;
        }

        foreach (var rule in policy.Rules)
        {
            if (rule.OmitStages.Contains("ResponseComplete", StringComparer.Ordinal))
            {
                verdict.Fail(file, $"rules[{rule.Index}].omitStages", $"rule {rule.Index} omits ResponseComplete: the outcome of requests it matches is not recorded");
                failed = true;
            }

            if (rule.Level == AuditLevel.None && !IsNoise(rule))
            {
                verdict.Fail(file, $"rules[{rule.Index}]", $"rule {rule.Index} drops requests (level None) beyond enumerated system noise: {Describe(rule)}");
                failed = true;
            }
        }

        if (!failed)
        {
            verdict.Pass(file, "catch-all at the end, None only for system noise, ResponseComplete kept");
        }
    }

    private static bool IsNoise(AuditRule r)
    {
        if (r.Users.Count > 0 && r.Users.All(u => NoiseUsers.Contains(u, StringComparer.Ordinal)))
        {
            return true;
        }

        if (r.Users.Count == 0 && r.UserGroups.Count > 0 && r.UserGroups.All(g => NoiseGroups.Contains(g, StringComparer.Ordinal)))
        {
            return true;
        }

        if (r.NonResourceUrls.Count > 0 && r.Resources.Count == 0 && r.Namespaces.Count == 0 &&
            r.NonResourceUrls.All(u => NoisePaths.Contains(u, StringComparer.Ordinal)))
        {
            return true;
        }

        return r.Verbs.Count > 0 && r.Verbs.All(v => ReadVerbs.Contains(v, StringComparer.Ordinal)) && r.Resources.Count > 0 &&
               r.Resources.All(g => g.Group is "" or "events.k8s.io" && g.Resources.Count > 0 && g.Resources.All(x => x == "events"));
    }

    private static string Describe(AuditRule r)
    {
        var parts = new List<string>();
        if (r.Users.Count > 0)
        {
            parts.Add("users " + string.Join(",", r.Users));
        }

        if (r.UserGroups.Count > 0)
        {
            parts.Add("groups " + string.Join(",", r.UserGroups));
        }

        if (r.Verbs.Count > 0)
        {
            parts.Add("verbs " + string.Join(",", r.Verbs));
        }

        if (r.Resources.Count > 0)
        {
            parts.Add("resources " + string.Join(",", r.Resources.SelectMany(g => g.Resources.DefaultIfEmpty("*").Select(x => g.Group.Length > 0 ? $"{x}.{g.Group}" : x))));
        }

        if (r.Namespaces.Count > 0)
        {
            parts.Add("namespaces " + string.Join(",", r.Namespaces));
        }

        if (r.NonResourceUrls.Count > 0)
        {
            parts.Add("URLs " + string.Join(",", r.NonResourceUrls));
        }

        return parts.Count == 0 ? "every request" : string.Join("; ", parts);
    }
}
