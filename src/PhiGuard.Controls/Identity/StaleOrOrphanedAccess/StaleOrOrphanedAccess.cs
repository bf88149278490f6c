using System.Globalization;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.Identity;
using PhiGuard.Core.Analysis.Rbac;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Identity;

/// <summary>
/// No binding grants to a role or service account that does not exist, to an IdP user or group that is disabled or
/// gone, or to a person unused for more than 90 days.
/// </summary>
internal sealed class StaleOrOrphanedAccess : ClusterControl
{
    public const string MaxIdleDaysThreshold = "staleAccessDays";

    public override string Id => "stale-or-orphaned-access";

    public override string Title => "No access for removed, disabled or long-unused identities, and no orphaned bindings";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(3)(ii)(C)", "164.308(a)(4)(ii)(C)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-018", "hipaa-023"];

    public override IReadOnlyList<string> Requirements => ["S26"];

    public override IReadOnlyList<string> Kinds => ["ClusterRoleBinding", "RoleBinding", "ServiceAccount"];

    public override string Rationale =>
        "Termination procedures only work if access ends with employment: a binding to a departed user or a disabled " +
        "group is access waiting to be reused (a recreated account of the same name inherits it), and a binding to a " +
        "missing role or service account grants the permission to whoever creates that object next.";

    public override string Remediation =>
        "Delete bindings whose role or service account no longer exists, and bindings of users and groups that the " +
        "identity provider has disabled or removed or that have not been used for 90 days. Point phiguard.yaml " +
        "`rbac.identityExport` at a current IdP export (users[] and groups[] with name, active, lastSeen).";

    public override string Remarks =>
        "Orphaned: a binding whose roleRef names a Role or ClusterRole that does not exist (default ClusterRoles such as " +
        "admin, edit, view and system:* are taken to exist), and a ServiceAccount subject that does not exist — judged " +
        "only where the input shows the namespace's service accounts (a live cluster, or manifests with at least one " +
        "ServiceAccount in that namespace); the `default` account always exists. Stale: human subjects (Users and " +
        "Groups other than platform components and implicit system groups) compared with the IdP export of " +
        "`rbac.identityExport`; a user or group missing from the export or `active: false` fails; a `lastSeen` older " +
        "than the threshold `staleAccessDays` (default 90) fails. Last-seen times come from the export; the audit " +
        "trail's own last-seen times are not read yet. Without an export the IdP comparison is reported " +
        "not-assessable, and the orphan checks still run. The NPRM 1-hour revoke latency is not measured.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var model = RbacFacts.ModelOrVerdict(context, verdict);
        if (model is null)
        {
            return;
        }

        var failed = CheckOrphans(context, model, verdict);
        var export = context.Config.Rbac.IdentityExport;
        if (export is null)
        {
            verdict.NotAssessable(null, "no identity-provider export (phiguard.yaml rbac.identityExport): bindings of users and groups were not compared with the directory");
        }
        else if (IdentityDirectory.TryLoad(export, out var error) is not { } directory)
        {
            verdict.NotAssessable(null, error!);
        }
        else
        {
            failed |= CheckDirectory(context, model, directory, verdict);
        }

        if (!failed)
        {
            verdict.Pass(null, "every binding names an existing role and existing subjects" + (export is null ? string.Empty : " that the identity provider lists as active and recently used"));
        }
    }

    private static bool CheckOrphans(ControlContext context, PermissionModel model, ClusterVerdict verdict)
    {
        var inventory = context.Inventory;
        var accountsKnownIn = inventory.OfKind("ServiceAccount").Select(s => s.Namespace ?? "default").ToHashSet(StringComparer.Ordinal);
        var live = inventory.Origin == InventoryOrigin.Cluster && inventory.GapFor(string.Empty, "ServiceAccount") is null;
        var failed = false;
        foreach (var binding in model.Bindings)
        {
            if (binding.Resolution == RoleResolution.Missing)
            {
                failed = true;
                verdict.Fail(binding.Object, "roleRef.name",
                    $"{binding} refers to {binding.RoleDisplay}, which does not exist: it grants nothing today and grants its rules to its subjects as soon as someone creates a role of that name");
            }

            for (var i = 0; i < binding.Subjects.Count; i++)
            {
                if (binding.Subjects[i] is not { Kind: RbacSubject.ServiceAccount, Namespace: { } ns } sa || sa.Name == "default" ||
                    !(live || accountsKnownIn.Contains(ns)) || inventory.Find("ServiceAccount", ns, sa.Name) is not null)
                {
                    continue;
                }

                failed = true;
                verdict.Fail(binding.Object, $"subjects[{i}]",
                    $"{binding} grants {binding.RoleDisplay} to {sa}, which does not exist: whoever creates it gets the access");
            }
        }

        return failed;
    }

    private static bool CheckDirectory(ControlContext context, PermissionModel model, IdentityDirectory directory, ClusterVerdict verdict)
    {
        var config = context.Config;
        var maxIdle = config.Threshold(MaxIdleDaysThreshold, 90);
        var failed = false;
        foreach (var binding in model.Bindings)
        {
            for (var i = 0; i < binding.Subjects.Count; i++)
            {
                if (binding.Subjects[i] is not { } subject || !RbacFacts.IsHuman(subject, config) ||
                    subject.Name.StartsWith("system:", StringComparison.Ordinal))
                {
                    continue;
                }

                var entry = subject.Kind == RbacSubject.User ? directory.User(subject.Name) : directory.Group(subject.Name);
                string? problem = entry switch
                {
                    null => "is not in the identity provider's export (removed, or never an IdP identity)",
                    { Active: false } => "is disabled in the identity provider",
                    { LastSeen: { } seen } when (context.Now - seen).TotalDays > maxIdle => string.Create(CultureInfo.InvariantCulture,
                        $"was last seen {seen.UtcDateTime:yyyy-MM-dd}, more than {maxIdle} days ago"),
                    _ => null,
                };
                if (problem is not null)
                {
                    failed = true;
                    verdict.Fail(binding.Object, $"subjects[{i}]", $"{binding} grants {binding.RoleDisplay} to {subject}, which {problem}");
                }
            }
        }

        return failed;
    }
}
