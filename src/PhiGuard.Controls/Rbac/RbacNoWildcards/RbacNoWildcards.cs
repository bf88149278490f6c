using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Rbac;

/// <summary>
/// No role bound to a non-system subject with reach into a PHI namespace has a rule (aggregation resolved) with
/// <c>*</c> in verbs, resources or apiGroups.
/// </summary>
internal sealed class RbacNoWildcards : ClusterControl
{
    public override string Id => "rbac-no-wildcards";

    public override string Title => "No wildcard verbs, resources or API groups in roles that reach PHI namespaces";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.308(a)(4)(ii)(B)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-021"];

    public override IReadOnlyList<string> Requirements => ["S26"];

    public override IReadOnlyList<string> Kinds => ["ClusterRoleBinding", "RoleBinding", "ClusterRole", "Role"];

    public override string Rationale =>
        "A wildcard grants every verb, resource or API group, including ones added later (CRDs holding PHI, new " +
        "subresources such as exec): access is no longer authorized item by item, and no review can say what it covers.";

    public override string Remediation =>
        "Replace `*` with the verbs, resources and API groups the subject needs (`kubectl auth can-i --list` or " +
        "`phiguard rbac can` shows what is used); bind namespaced Roles instead of cluster-admin or admin-like " +
        "ClusterRoles in PHI namespaces.";

    public override string Remarks =>
        "Judged on effective rules: an aggregated ClusterRole is judged on the rules it aggregates. A role reaches a PHI " +
        "namespace through a RoleBinding there or any ClusterRoleBinding. Non-system subjects exclude platform components " +
        "(as for rbac-secrets-read-allowlist) and the break-glass subjects of `clusterAdminAllowList`, whose wildcard " +
        "access cluster-admin-minimal governs. A binding to a default ClusterRole missing from manifest input is " +
        "not-assessable.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (context.Scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespace (label phiguard.io/phi: \"true\" or phiguard.yaml phiNamespaces)");
            return;
        }

        var model = RbacFacts.ModelOrVerdict(context, verdict);
        if (model is null)
        {
            return;
        }

        var config = context.Config;
        var failed = false;
        foreach (var binding in model.Bindings.Where(b => b.Namespace is null || context.Scope.IsPhi(b.Namespace)))
        {
            if (binding.Resolution == RoleResolution.BuiltInNotInInput)
            {
                verdict.NotAssessable(binding.Object, $"{binding} refers to the default {binding.RoleDisplay}, whose rules are not in the input");
                continue;
            }

            if (binding.Role is not { } role)
            {
                continue;
            }

            var r = -1;
            string? fields = null;
            for (var i = 0; i < role.Rules.Count && fields is null; i++)
            {
                fields = Wildcards(role.Rules[i]);
                r = i;
            }

            if (fields is null)
            {
                continue;
            }

            for (var s = 0; s < binding.Subjects.Count; s++)
            {
                if (binding.Subjects[s] is not { } subject || RbacFacts.IsPlatform(subject, config) ||
                    RbacFacts.IsListed(subject, config.ClusterAdminAllowList))
                {
                    continue;
                }

                failed = true;
                var where = binding.Namespace is null ? "every namespace, PHI namespaces included" : $"PHI namespace {binding.Namespace}";
                verdict.Fail(binding.Object, $"subjects[{s}]",
                    $"{subject} holds {role} in {where} through {binding}; its rules[{r}] ({role.Rules[r]}) has \"*\" in {fields}");
            }
        }

        if (!failed)
        {
            verdict.Pass(null, "no role with wildcard verbs, resources or API groups is bound to a non-system subject with reach into a PHI namespace");
        }
    }

    private static string? Wildcards(PolicyRule rule)
    {
        var fields = new List<string>(3);
        if (rule.Verbs.Contains("*"))
        {
            fields.Add("verbs");
        }

        if (rule.Resources.Contains("*"))
        {
            fields.Add("resources");
        }

        if (rule.ApiGroups.Contains("*"))
        {
            fields.Add("apiGroups");
        }

        return fields.Count == 0 ? null : string.Join(", ", fields);
    }
}
