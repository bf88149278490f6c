using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Scope;

/// <summary>
/// Every non-system namespace declares whether it holds PHI (<c>phiguard.io/phi</c> is <c>true</c> or
/// <c>false</c>) and its environment (<c>phiguard.io/environment</c> is prod, test, dev or staging), and at least
/// one namespace is in PHI scope.
/// </summary>
internal sealed class PhiScopeLabels : ClusterControl
{
    private static readonly string[] Environments = ["prod", "test", "dev", "staging"];

    public override string Id => "phi-scope-labels";

    public override string Title => "Every namespace declares PHI scope and environment";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.308(a)(1)(ii)(A)", "164.308(a)(4)(i)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-001", "hipaa-002", "hipaa-021"];

    public override IReadOnlyList<string> Requirements => ["S1", "S2", "S10"];

    public override IReadOnlyList<string> Kinds => ["Namespace"];

    public override string Rationale =>
        "A risk analysis starts by knowing where ePHI lives. Every PHI-scoped control (Pod Security, network " +
        "policies, TLS, backups) judges only namespaces marked as holding PHI, so an unlabelled namespace is silently " +
        "left out of the assessment, and a cluster with no PHI namespace passes those controls by having nothing in scope.";

    public override string Remediation =>
        "Label every application namespace: `kubectl label namespace NAME phiguard.io/phi=true|false " +
        "phiguard.io/environment=prod|test|dev|staging` (or set the labels in the Namespace manifest). Mark at least " +
        "one namespace `phiguard.io/phi=true`, or list PHI namespaces under `phiNamespaces` in phiguard.yaml.";

    public override string Remarks =>
        "System namespaces (config `systemNamespaces`, default kube-system, kube-public, kube-node-lease) are skipped. " +
        "Label values are exact: `phiguard.io/phi` must be `true` or `false` (not `True` or `yes`); an environment " +
        "other than prod, test, dev or staging fails because environment-separation controls cannot classify it. " +
        "A namespace that objects refer to but that has no Namespace object in the input fails, reported on the " +
        "first such object at `metadata.namespace`: without a Namespace object it cannot carry the labels. " +
        "A namespace named in phiguard.yaml `phiNamespaces` but labelled `phiguard.io/phi=false` fails: the label " +
        "contradicts the configured scope. At least one PHI namespace is required of a cluster (live or a snapshot): " +
        "it must exist, by label or by a config entry that matches a namespace. Manifest input is a partial view (one " +
        "application's bundle, such as PhiGuard's own deploy/): there every namespace must still declare its scope, " +
        "but a bundle whose namespaces all declare `phiguard.io/phi=false` passes, because the cluster's PHI " +
        "namespaces are in other bundles. An input with no namespaces at all (only cluster-scoped objects) is not applicable.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var inventory = context.Inventory;
        if (inventory.GapFor(string.Empty, "Namespace") is { } gap)
        {
            verdict.NotAssessable($"could not read namespaces: {gap.Reason}");
            return;
        }

        if (inventory.NamespaceNames.Count == 0)
        {
            verdict.NotApplicable("the input holds no namespace and no namespaced object");
            return;
        }

        Dictionary<string, KubeObject>? firstReferrer = null;
        foreach (var name in inventory.NamespaceNames)
        {
            if (context.Scope.IsSystem(name))
            {
                continue;
            }

            if (inventory.NamespaceObjects.TryGetValue(name, out var ns))
            {
                CheckLabels(ns, context, verdict);
            }
            else
            {
                firstReferrer ??= FirstReferrers(inventory);
                verdict.Fail(firstReferrer[name], "metadata.namespace",
                    $"namespace {name} has no Namespace object in the input, so it cannot carry the {PhiScope.PhiLabel} and {PhiScope.EnvironmentLabel} labels; add the Namespace manifest");
            }
        }

        // "At least one PHI namespace" is a property of a cluster. Manifests are a partial view: a bundle whose
        // namespaces all declare phiguard.io/phi=false (judged above) has stated its scope, and the cluster's PHI
        // namespaces live in other bundles, so only cluster input must show one.
        var configured = context.Config.PhiNamespaces;
        if (context.Scope.PhiNamespaces.Count == 0 && inventory.Origin == InventoryOrigin.Cluster)
        {
            verdict.Fail(null, string.Empty, configured.Count == 0
                ? $"no namespace is in PHI scope: label at least one namespace {PhiScope.PhiLabel}=true or list it under phiNamespaces in phiguard.yaml"
                : $"no namespace is in PHI scope: phiguard.yaml phiNamespaces ({string.Join(", ", configured)}) matches no namespace of the cluster");
        }
    }

    /// <summary>The first object (in report order) of each namespace, found in one pass over the inventory.</summary>
    private static Dictionary<string, KubeObject> FirstReferrers(Inventory inventory)
    {
        var first = new Dictionary<string, KubeObject>(StringComparer.Ordinal);
        foreach (var o in inventory.Objects)
        {
            if (o.Namespace is { } ns && (!first.TryGetValue(ns, out var seen) || o.Ref.CompareTo(seen.Ref) < 0))
            {
                first[ns] = o;
            }
        }

        return first;
    }

    private static void CheckLabels(KubeObject ns, ControlContext context, ClusterVerdict verdict)
    {
        var failed = false;
        if (!ns.Labels.TryGetValue(PhiScope.PhiLabel, out var phi))
        {
            verdict.Fail(ns, FieldPath.Label(PhiScope.PhiLabel),
                $"namespace {ns.Name} has no {PhiScope.PhiLabel} label; set it to \"true\" or \"false\"");
            failed = true;
        }
        else if (phi is not ("true" or "false"))
        {
            verdict.Fail(ns, FieldPath.Label(PhiScope.PhiLabel),
                $"namespace {ns.Name} has {PhiScope.PhiLabel}=\"{phi}\"; the value must be \"true\" or \"false\"");
            failed = true;
        }
        else if (phi == "false" && context.Scope.IsPhi(ns.Name))
        {
            verdict.Fail(ns, FieldPath.Label(PhiScope.PhiLabel),
                $"namespace {ns.Name} is a PHI namespace in phiguard.yaml phiNamespaces but labelled {PhiScope.PhiLabel}=false; make the label and the config agree");
            failed = true;
        }

        if (!ns.Labels.TryGetValue(PhiScope.EnvironmentLabel, out var env) || string.IsNullOrEmpty(env))
        {
            verdict.Fail(ns, FieldPath.Label(PhiScope.EnvironmentLabel),
                $"namespace {ns.Name} has no {PhiScope.EnvironmentLabel} label; set it to one of {string.Join(", ", Environments)}");
            failed = true;
        }
        else if (!Environments.Contains(env, StringComparer.Ordinal))
        {
            verdict.Fail(ns, FieldPath.Label(PhiScope.EnvironmentLabel),
                $"namespace {ns.Name} has {PhiScope.EnvironmentLabel}=\"{env}\", which is not one of {string.Join(", ", Environments)}");
            failed = true;
        }

        if (!failed)
        {
            verdict.Pass(ns, $"namespace {ns.Name}: {PhiScope.PhiLabel}={phi}, {PhiScope.EnvironmentLabel}={env}");
        }
    }
}
