namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>Finds every privilege-escalation path of a permission model (see <see cref="Capability.All"/>).</summary>
public static class EscalationAnalysis
{
    /// <summary>One path per subject, binding and capability (the first rule of the role that gives it), sorted.</summary>
    public static IReadOnlyList<EscalationPath> Paths(PermissionModel model, IEnumerable<Capability>? capabilities = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var caps = (capabilities ?? Capability.All).ToList();
        var paths = new List<EscalationPath>();
        foreach (var b in model.Bindings)
        {
            if (b.Role is null)
            {
                continue;
            }

            foreach (var cap in caps)
            {
                for (var r = 0; r < b.Role.Rules.Count; r++)
                {
                    if (cap.AllowedBy(b.Role.Rules[r]) is not { } access)
                    {
                        continue;
                    }

                    for (var s = 0; s < b.Subjects.Count; s++)
                    {
                        if (b.Subjects[s] is { } subject)
                        {
                            paths.Add(new EscalationPath(cap, access, new Grant(subject, s, b, b.Role, b.Role.Rules[r], r)));
                        }
                    }

                    break;
                }
            }
        }

        return paths
            .OrderBy(p => p.Subject, RbacSubject.Order)
            .ThenBy(p => p.Capability.Id, StringComparer.Ordinal)
            .ThenBy(p => p.Namespace ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(p => p.Grant.Binding.Name, StringComparer.Ordinal)
            .ToList();
    }
}
