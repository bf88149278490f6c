using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Support;

/// <summary>
/// A control over effective permissions: only allow-listed subjects (plus break-glass and platform components) may
/// hold any of <see cref="Accesses"/>, in PHI namespaces or anywhere. Judged on the permission model, so
/// aggregation, wildcards, <c>*/sub</c> and the binding's scope count exactly as the authorizer counts them.
/// </summary>
internal abstract class RbacAllowListControl : ClusterControl
{
    /// <summary>The permissions only allow-listed subjects may hold.</summary>
    protected abstract IReadOnlyList<CapabilityAccess> Accesses { get; }

    /// <summary>True: only grants reaching PHI namespaces count; false: grants anywhere count.</summary>
    protected abstract bool PhiScopeOnly { get; }

    /// <summary>The phiguard.yaml key of the allow-list, for messages.</summary>
    protected abstract string AllowListName { get; }

    protected abstract IReadOnlyList<SubjectRef> AllowList(PhiGuardConfig config);

    public override IReadOnlyList<string> Kinds => ["ClusterRoleBinding", "RoleBinding", "ClusterRole", "Role"];

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (PhiScopeOnly && context.Scope.PhiNamespaces.Count == 0)
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
        var allowed = AllowList(config);
        var reported = new HashSet<(RbacBinding, int)>();
        var failed = false;
        foreach (var binding in model.Bindings)
        {
            if (!Reaches(binding, context))
            {
                continue;
            }

            if (binding.Resolution == RoleResolution.BuiltInNotInInput)
            {
                verdict.NotAssessable(binding.Object,
                    $"{binding} refers to the default {binding.RoleDisplay}, whose rules are not in the input; scan a live cluster or a snapshot to judge it");
                continue;
            }

            if (binding.Role is not { } role)
            {
                continue;
            }

            for (var r = 0; r < role.Rules.Count; r++)
            {
                var rule = role.Rules[r];
                var access = Accesses.FirstOrDefault(a => rule.AllowsSomeName(a.Verb, a.Group, a.Resource, a.Subresource));
                if (access is null)
                {
                    continue;
                }

                for (var s = 0; s < binding.Subjects.Count; s++)
                {
                    if (binding.Subjects[s] is not { } subject || RbacFacts.IsPlatform(subject, config) ||
                        RbacFacts.IsListed(subject, allowed, config.ClusterAdminAllowList) || !reported.Add((binding, s)))
                    {
                        continue;
                    }

                    var where = binding.Namespace is null
                        ? PhiScopeOnly ? "in every namespace, PHI namespaces included" : "cluster-wide"
                        : $"in namespace {binding.Namespace}";
                    failed = true;
                    verdict.Fail(binding.Object, $"subjects[{s}]",
                        $"{subject} can {access} {where} through {binding} → {role} rules[{r}] ({rule}); it is not in phiguard.yaml {AllowListName}");
                }
            }
        }

        if (!failed)
        {
            verdict.Pass(null, $"only allow-listed subjects and platform components hold {string.Join(", ", Accesses.Select(a => a.ToString()).Distinct())}");
        }
    }

    private bool Reaches(RbacBinding binding, ControlContext context) =>
        !PhiScopeOnly || binding.Namespace is null || context.Scope.IsPhi(binding.Namespace);
}
