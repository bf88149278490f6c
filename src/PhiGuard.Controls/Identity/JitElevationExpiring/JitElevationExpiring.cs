using System.Globalization;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Identity;

/// <summary>
/// Every binding that gives a person (User or Group) a privileged role was made by the JIT controller and expires
/// (annotation <c>phiguard.io/expires-at</c>) at most 8 hours ahead; no expired binding remains.
/// </summary>
internal sealed class JitElevationExpiring : ClusterControl
{
    public const string ExpiresAt = "phiguard.io/expires-at";
    public const string GrantedBy = "phiguard.io/granted-by";
    public const string MaxHoursThreshold = "jitMaxHours";

    /// <summary>Default ClusterRoles that are privileged by what Kubernetes puts in them (secrets, exec, RBAC in the namespace).</summary>
    private static readonly HashSet<string> PrivilegedDefaults = new(StringComparer.Ordinal) { "cluster-admin", "admin", "edit" };

    private static readonly CapabilityAccess[] SensitiveAccesses =
    [
        new("get", string.Empty, "secrets"), new("list", string.Empty, "secrets"), new("watch", string.Empty, "secrets"),
        new("create", string.Empty, "pods", "exec"), new("get", string.Empty, "pods", "exec"),
        new("create", string.Empty, "pods", "attach"), new("create", string.Empty, "pods", "portforward"),
    ];

    public override string Id => "jit-elevation-expiring";

    public override string Title => "Human privileged bindings are just-in-time and expire within 8 hours";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(3)(ii)(A)", "164.308(a)(4)(ii)(C)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(a)(2)(ii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-012", "hipaa-023"];

    public override IReadOnlyList<string> Requirements => ["S25"];

    public override IReadOnlyList<string> Kinds => ["ClusterRoleBinding", "RoleBinding"];

    public override string Rationale =>
        "Standing privileged access is the access an attacker or a departed employee keeps. Elevation granted by an " +
        "approval workflow for a few hours, and removed afterwards, limits access to the time it is needed and leaves a " +
        "record of who approved it.";

    public override string Remediation =>
        "Grant privileged roles to people only through the JIT controller, which creates the binding with annotations " +
        $"`{ExpiresAt}` (RFC 3339, at most 8 h ahead) and `{GrantedBy}` (its service-account user name) and deletes it " +
        "on expiry; list the controller's service account in phiguard.yaml `rbac.jitControllers`. Delete standing " +
        "bindings of people to admin-like roles.";

    public override string Remarks =>
        "Privileged roles: cluster-admin, admin and edit (by name: Kubernetes fills them with secrets, exec and RBAC " +
        "rights), any role equivalent to */*/*, and any role whose effective rules allow reading secrets, exec/attach/" +
        "port-forward, or an escalation capability of `phiguard rbac paths` other than running pods (escalate, bind, " +
        "impersonate, serviceaccounts/token, CSR approval, nodes/proxy, patching nodes or namespaces, webhooks). Human " +
        "subjects: Users and Groups other than platform components; the break-glass subjects of `clusterAdminAllowList` " +
        "are standing by design (their membership is what is granted just in time) and are not judged here. \"Created " +
        $"by the JIT controller\" is read from the `{GrantedBy}` annotation, which must name a service account listed in " +
        "`rbac.jitControllers` (as system:serviceaccount:NS:NAME); the API server does not record a binding's creator " +
        "on the object, so the audit trail is the stronger evidence. The 8-hour limit is the threshold `jitMaxHours`.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var model = RbacFacts.ModelOrVerdict(context, verdict);
        if (model is null)
        {
            return;
        }

        var config = context.Config;
        var maxHours = config.Threshold(MaxHoursThreshold, 8);
        var controllers = config.Rbac.JitControllers
            .Where(s => s.Kind == RbacSubject.ServiceAccount)
            .Select(s => $"system:serviceaccount:{s.Namespace}:{s.Name}")
            .ToHashSet(StringComparer.Ordinal);
        var any = false;
        foreach (var binding in model.Bindings)
        {
            var humans = binding.Subjects
                .Where(s => s is not null && RbacFacts.IsHuman(s, config) && !RbacFacts.IsListed(s, config.ClusterAdminAllowList))
                .Select(s => s!.ToString())
                .ToList();
            if (humans.Count == 0 || Privileged(binding) is not { } why)
            {
                continue;
            }

            any = true;
            var who = string.Join(", ", humans);
            var annotations = binding.Object.Annotations;
            var failed = false;
            if (!annotations.TryGetValue(ExpiresAt, out var text))
            {
                failed = Fail(verdict, binding, ExpiresAt, $"{binding} gives {who} {why} with no {ExpiresAt} annotation: standing privileged access");
            }
            else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
            {
                failed = Fail(verdict, binding, ExpiresAt, $"{binding}: {ExpiresAt} '{text}' is not an RFC 3339 time");
            }
            else if (expires <= context.Now)
            {
                failed = Fail(verdict, binding, ExpiresAt,
                    $"{binding} gives {who} {why} and expired at {expires.UtcDateTime:yyyy-MM-dd HH:mm}Z, yet still exists: the JIT controller did not remove it");
            }
            else if (expires > context.Now.AddHours(maxHours))
            {
                failed = Fail(verdict, binding, ExpiresAt, string.Create(CultureInfo.InvariantCulture,
                    $"{binding} gives {who} {why} until {expires.UtcDateTime:yyyy-MM-dd HH:mm}Z, more than {maxHours} h ahead"));
            }

            if (!annotations.TryGetValue(GrantedBy, out var by) || !controllers.Contains(by))
            {
                failed |= Fail(verdict, binding, GrantedBy, controllers.Count == 0
                    ? $"{binding} gives {who} {why}; no JIT controller is listed in phiguard.yaml rbac.jitControllers, so it cannot have been granted just in time"
                    : $"{binding} gives {who} {why} but was not granted by a JIT controller ({GrantedBy}: '{by ?? "absent"}'; expected one of {string.Join(", ", controllers.Order(StringComparer.Ordinal))})");
            }

            if (!failed)
            {
                verdict.Pass(binding.Object, $"{binding} is a JIT grant to {who} expiring at {annotations[ExpiresAt]}");
            }
        }

        if (!any)
        {
            verdict.Pass(null, "no privileged role is bound to a person outside break-glass");
        }
    }

    private static bool Fail(ClusterVerdict verdict, RbacBinding binding, string annotation, string message)
    {
        verdict.Fail(binding.Object, $"metadata.annotations[\"{annotation}\"]", message);
        return true;
    }

    private static string? Privileged(RbacBinding binding)
    {
        if (binding.RoleKind == "ClusterRole" && PrivilegedDefaults.Contains(binding.RoleName))
        {
            return $"{binding.RoleDisplay}";
        }

        if (binding.Role is not { } role)
        {
            return null;
        }

        if (role.IsClusterAdminEquivalent)
        {
            return $"{role} (*/*/*)";
        }

        foreach (var rule in role.Rules)
        {
            if (SensitiveAccesses.FirstOrDefault(a => rule.AllowsSomeName(a.Verb, a.Group, a.Resource, a.Subresource)) is { } access)
            {
                return $"{role} ({access})";
            }

            foreach (var cap in Capability.All.Where(c => c != Capability.RunPods))
            {
                if (cap.AllowedBy(rule) is { } capAccess)
                {
                    return $"{role} ({capAccess})";
                }
            }
        }

        return null;
    }
}
