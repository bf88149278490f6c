using System.Text.Json;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Network;

/// <summary>
/// A cluster with PHI namespaces either hosts only <c>phiguard.io/environment=prod</c> namespaces, or no workload of
/// a non-prod namespace can reach a PHI workload and no PersistentVolume's storage is claimed from two environments.
/// </summary>
internal sealed class EnvSeparation : ClusterControl
{
    public override string Id => "env-separation";

    public override string Title => "Non-production environments cannot reach PHI";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.308(a)(3)(i)", "164.308(a)(4)(i)", "164.312(a)(1)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(a)(2)(vi)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-012", "hipaa-021", "hipaa-081"];

    public override IReadOnlyList<string> Requirements => ["S12"];

    public override IReadOnlyList<string> Kinds => ["Namespace", "NetworkPolicy", "PersistentVolume"];

    public override string Rationale =>
        "Dev and test workloads run unreviewed code with broad access for developers. If they can reach PHI services " +
        "or share PHI storage, everyone with access to dev has a path to production records.";

    public override string Remediation =>
        "Run dev/test in a separate cluster, or deny ingress by default in PHI namespaces and allow only named prod " +
        "clients; never bind one disk, file share or bucket to claims in two environments.";

    public override string Remarks =>
        "Environments come from the namespace label `phiguard.io/environment`; a namespace is non-prod when the " +
        "label is set to anything but `prod` (unlabelled namespaces are left to `phi-scope-labels`). Reachability " +
        "is the engine's, on any port. Shared storage: PersistentVolumes whose claimRef namespaces are in different " +
        "environments and that point at the same CSI volume handle, NFS export, host path or cloud disk. Secrets " +
        "cannot be referenced across namespaces; copies with equal content would need their values, which PhiGuard " +
        "never reads, so that part is not judged.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var scope = context.Scope;
        if (scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespace");
            return;
        }

        var env = context.Inventory.NamespaceObjects.Values
            .Where(n => n.Labels.ContainsKey(PhiScope.EnvironmentLabel))
            .ToDictionary(n => n.Name, n => n.Labels[PhiScope.EnvironmentLabel], StringComparer.Ordinal);
        var nonProd = env.Where(kv => kv.Value != "prod").Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        if (nonProd.Count == 0)
        {
            verdict.Pass(null, "every namespace with an environment label is prod");
            return;
        }

        if (context.Inventory.GapFor("networking.k8s.io", "NetworkPolicy") is { } gap)
        {
            verdict.NotAssessable($"could not read NetworkPolicies: {gap.Reason}");
            return;
        }

        var model = context.Network;
        var phiPods = model.Endpoints.Where(e => scope.IsPhi(e.Namespace)).ToList();
        var devPods = model.Endpoints.Where(e => nonProd.Contains(e.Namespace) && !scope.IsPhi(e.Namespace)).ToList();
        var failed = false;
        var dev = model.Index.Where(e => nonProd.Contains(e.Namespace) && !scope.IsPhi(e.Namespace));
        foreach (var target in phiPods.OrderBy(e => e.QualifiedId, StringComparer.Ordinal))
        {
            // The PHI workload's column of the reachability index, intersected with the non-prod workloads.
            var sources = model.Index.SourcesOf(target).Intersect(dev);
            if (sources.Count > 0)
            {
                failed = true;
                var first = sources.Members.Take(5).Select(s => $"{s.Id} ({env[s.Namespace]})");
                verdict.Fail(target.Object, string.Empty,
                    $"{target.Kind} {target.Id} holds PHI and can be reached from non-prod workloads: {Shorten(first, sources.Count)}");
            }
        }

        foreach (var phiNs in phiPods.Select(p => p.Namespace).Distinct().Where(nonProd.Contains))
        {
            failed = true;
            verdict.Fail(context.Inventory.NamespaceObjects.GetValueOrDefault(phiNs), FieldPathOfEnv,
                $"PHI namespace {phiNs} is labelled environment {env[phiNs]}: PHI belongs in prod");
        }

        foreach (var (a, b, key) in SharedVolumes(context.Inventory, env))
        {
            failed = true;
            verdict.Fail(b, "spec", $"PersistentVolumes {a.Name} and {b.Name} use the same storage ({key}) from different environments");
        }

        if (!failed)
        {
            verdict.Pass(null, $"no non-prod workload ({devPods.Count}) can reach a PHI workload ({phiPods.Count}) and no storage is shared across environments");
        }
    }

    private const string FieldPathOfEnv = "metadata.labels[\"phiguard.io/environment\"]";

    private static string Shorten(IEnumerable<string> firstFive, int count) =>
        count <= 5 ? string.Join(", ", firstFive) : $"{string.Join(", ", firstFive)} and {count - 5} more";

    private static IEnumerable<(KubeObject A, KubeObject B, string Key)> SharedVolumes(Inventory inventory, Dictionary<string, string> env)
    {
        var seen = new Dictionary<string, (KubeObject Pv, string Env)>(StringComparer.Ordinal);
        foreach (var pv in inventory.OfKind("", "PersistentVolume").OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (pv.Json.GetPath("spec.claimRef.namespace") is not { ValueKind: JsonValueKind.String } ns ||
                !env.TryGetValue(ns.GetString()!, out var e) || StorageKey(pv) is not { } key)
            {
                continue;
            }

            if (seen.TryGetValue(key, out var first) && first.Env != e)
            {
                yield return (first.Pv, pv, key);
            }
            else
            {
                seen.TryAdd(key, (pv, e));
            }
        }
    }

    private static string? StorageKey(KubeObject pv)
    {
        var spec = pv.Json.GetObject("spec");
        if (spec is not { } s)
        {
            return null;
        }

        if (s.GetObject("csi") is { } csi && csi.GetString("volumeHandle") is { } handle)
        {
            return $"csi {csi.GetString("driver")} {handle}";
        }

        if (s.GetObject("nfs") is { } nfs)
        {
            return $"nfs {nfs.GetString("server")}:{nfs.GetString("path")}";
        }

        if (s.GetObject("hostPath") is { } hp)
        {
            return $"hostPath {hp.GetString("path")}";
        }

        if (s.GetObject("awsElasticBlockStore") is { } ebs)
        {
            return $"ebs {ebs.GetString("volumeID")}";
        }

        if (s.GetObject("gcePersistentDisk") is { } pd)
        {
            return $"gce {pd.GetString("pdName")}";
        }

        return s.GetObject("azureDisk") is { } ad ? $"azureDisk {ad.GetString("diskURI")}" : null;
    }
}
