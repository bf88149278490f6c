using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Rbac;

/// <summary>
/// Anonymous and unauthenticated requests get nothing but the default public-info-viewer (health and version), and
/// every authenticated identity gets nothing but the default discovery roles.
/// </summary>
internal sealed class RbacNoUnauthenticatedGrants : ClusterControl
{
    private static readonly HashSet<string> DiscoveryRoles = new(StringComparer.Ordinal)
    {
        "system:basic-user", "system:discovery", "system:public-info-viewer",
    };

    private static readonly HashSet<string> SelfReviews = new(StringComparer.Ordinal)
    {
        "selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews",
    };

    private static readonly HashSet<string> PublicUrls = new(StringComparer.Ordinal)
    {
        "/healthz", "/livez", "/readyz", "/version", "/version/",
    };

    public override string Id => "rbac-no-unauthenticated-grants";

    public override string Title => "No RBAC grants to anonymous users; all-authenticated only gets discovery";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-084", "hipaa-085"];

    public override IReadOnlyList<string> Requirements => ["S5", "S26"];

    public override IReadOnlyList<string> Kinds => ["ClusterRoleBinding", "RoleBinding", "ClusterRole", "Role"];

    public override string Rationale =>
        "A grant to system:anonymous or system:unauthenticated is access to the cluster without any identity, and a grant " +
        "to system:authenticated is access for every identity the cluster trusts (every service account of every " +
        "namespace, every IdP user). Either exposes ePHI far beyond the workforce members who need it.";

    public override string Remediation =>
        "Delete bindings whose subjects are User system:anonymous or Group system:unauthenticated (other than the default " +
        "system:public-info-viewer), and bindings of Group system:authenticated to anything but system:basic-user, " +
        "system:discovery and system:public-info-viewer; bind named groups instead. Restore default roles that were edited " +
        "(`kubectl auth reconcile`).";

    public override string Remarks =>
        "Judged on the permission model, not on names alone: a binding to one of the default roles counts as default only " +
        "while the role's effective rules are the defaults' kind of rules (get on non-resource URLs; for system:basic-user, " +
        "create on self-subject reviews). For anonymous and unauthenticated subjects only system:public-info-viewer is " +
        "accepted, and only with get on /healthz, /livez, /readyz and /version. A default role absent from manifest input " +
        "is taken as its default.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var model = RbacFacts.ModelOrVerdict(context, verdict);
        if (model is null)
        {
            return;
        }

        var failed = false;
        foreach (var binding in model.Bindings)
        {
            for (var i = 0; i < binding.Subjects.Count; i++)
            {
                if (binding.Subjects[i] is not { } subject)
                {
                    continue;
                }

                var anonymous = (subject.Kind == RbacSubject.User && subject.Name == RbacIdentity.Anonymous) ||
                                (subject.Kind == RbacSubject.Group && subject.Name == RbacIdentity.Unauthenticated);
                var everyone = subject.Kind == RbacSubject.Group && subject.Name == RbacIdentity.Authenticated;
                if (!anonymous && !everyone)
                {
                    continue;
                }

                var problem = anonymous ? AnonymousProblem(binding) : AuthenticatedProblem(binding);
                if (problem is not null)
                {
                    failed = true;
                    verdict.Fail(binding.Object, $"subjects[{i}]", $"{binding} grants {binding.RoleDisplay} to {subject}: {problem}");
                }
            }
        }

        if (!failed)
        {
            verdict.Pass(null, "anonymous and unauthenticated requests reach only public health and version endpoints; all-authenticated gets only discovery");
        }
    }

    private static string? AnonymousProblem(RbacBinding binding)
    {
        if (binding.RoleKind != "ClusterRole" || binding.RoleName != "system:public-info-viewer")
        {
            return "requests without any identity must get nothing beyond system:public-info-viewer";
        }

        var extra = binding.Role?.Rules.FirstOrDefault(r => !(IsNonResourceGet(r) && r.NonResourceUrls.All(PublicUrls.Contains)));
        return extra is null ? null : $"the role was changed and also allows {extra}";
    }

    private static string? AuthenticatedProblem(RbacBinding binding)
    {
        if (binding.RoleKind != "ClusterRole" || !DiscoveryRoles.Contains(binding.RoleName))
        {
            return "every authenticated identity (all service accounts and all IdP users) would hold it; bind a named group instead";
        }

        var extra = binding.Role?.Rules.FirstOrDefault(r => !IsNonResourceGet(r) && !IsSelfReview(r));
        return extra is null ? null : $"the default role was changed and also allows {extra}";
    }

    private static bool IsNonResourceGet(PolicyRule r) =>
        r.Resources.Count == 0 && r.NonResourceUrls.Count > 0 && r.Verbs.All(v => v == "get");

    private static bool IsSelfReview(PolicyRule r) =>
        r.NonResourceUrls.Count == 0 && r.Verbs.All(v => v == "create") && r.Resources.All(SelfReviews.Contains) &&
        r.ApiGroups.All(g => g is "authorization.k8s.io" or "authentication.k8s.io");
}
