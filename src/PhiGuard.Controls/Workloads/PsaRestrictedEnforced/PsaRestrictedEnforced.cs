using System.Globalization;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Workloads;

/// <summary>
/// PHI namespaces enforce the Pod Security Standard <c>restricted</c> at a version no older than the cluster's;
/// every other non-system namespace enforces at least <c>baseline</c>.
/// </summary>
internal sealed partial class PsaRestrictedEnforced : ResourceControl
{
    private const string EnforceLabel = "pod-security.kubernetes.io/enforce";
    private const string EnforceVersionLabel = "pod-security.kubernetes.io/enforce-version";

    public override string Id => "psa-restricted-enforced";

    public override string Title => "Pod Security Admission enforces restricted in PHI namespaces";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.308(a)(5)(ii)(B)"];

    public override IReadOnlyList<string> NprmCitations => ["NPRM 164.312(c)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S7"];

    public override IReadOnlyList<string> Kinds => ["Namespace"];

    public override ControlScope Scope => ControlScope.AllNamespaces;

    public override string Rationale =>
        "Pod Security Admission is the built-in gate that stops privileged, host-namespace, root and " +
        "privilege-escalating pods. Without `restricted` on PHI namespaces, one compromised deployment pipeline or " +
        "careless manifest can run a pod that reads the node and every PHI volume on it.";

    public override string Remediation =>
        "Label PHI namespaces `pod-security.kubernetes.io/enforce=restricted` and either leave out " +
        "`pod-security.kubernetes.io/enforce-version` or set it to `latest` (or the cluster's minor version); label " +
        "every other application namespace at least `pod-security.kubernetes.io/enforce=baseline`. Try the change " +
        "first with `kubectl label --dry-run=server --overwrite ns NAME pod-security.kubernetes.io/enforce=restricted`, " +
        "which lists the running pods that would violate it.";

    public override string Remarks =>
        "Only the `enforce` mode counts: `warn` and `audit` do not stop a pod. A missing enforce label fails even " +
        "though the PodSecurity AdmissionConfiguration can set a cluster-wide default, because that default is not " +
        "visible to a scan; label the namespace explicitly. An absent `enforce-version` means `latest` and passes. A " +
        "pinned version (`v1.N`) passes when N is at least the cluster's minor version, read from the API server " +
        "version of a live scan; when the cluster version is unknown (manifest input), a pinned version is " +
        "not-assessable rather than a guess. A value that is not `latest` or `v1.N` fails. The version rule applies " +
        "to PHI namespaces only, as specified. System namespaces are skipped.";

    public override bool AppliesTo(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Group.Length == 0 && obj.Kind == "Namespace";
    }

    public override void Check(KubeObject obj, ControlContext context, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (context.Scope.IsSystem(obj.Name))
        {
            verdict.NotApplicable("system namespace");
            return;
        }

        obj.Labels.TryGetValue(EnforceLabel, out var level);
        if (context.Scope.IsPhi(obj.Name))
        {
            CheckPhi(obj, level, context, verdict);
            return;
        }

        if (level is "baseline" or "restricted")
        {
            verdict.Pass($"namespace {obj.Name} enforces {level}");
        }
        else
        {
            verdict.Fail(FieldPath.Label(EnforceLabel), level is null
                ? $"namespace {obj.Name} does not enforce a Pod Security level; set {EnforceLabel}=baseline (or restricted)"
                : $"namespace {obj.Name} enforces \"{level}\"; non-PHI namespaces need at least baseline");
        }
    }

    private static void CheckPhi(KubeObject obj, string? level, ControlContext context, Verdict verdict)
    {
        if (level != "restricted")
        {
            verdict.Fail(FieldPath.Label(EnforceLabel), level is null
                ? $"PHI namespace {obj.Name} does not enforce a Pod Security level; set {EnforceLabel}=restricted"
                : $"PHI namespace {obj.Name} enforces \"{level}\"; PHI namespaces must enforce restricted");
        }

        if (!obj.Labels.TryGetValue(EnforceVersionLabel, out var version) || version == "latest")
        {
            if (level == "restricted")
            {
                verdict.Pass($"PHI namespace {obj.Name} enforces restricted at latest");
            }

            return;
        }

        var pinned = PsaMinor(version);
        if (pinned is null)
        {
            verdict.Fail(FieldPath.Label(EnforceVersionLabel),
                $"PHI namespace {obj.Name} has {EnforceVersionLabel}=\"{version}\", which is neither latest nor v1.N");
            return;
        }

        var clusterMinor = KubeVersion.Minor(context.Inventory.Facts.ServerVersion);
        if (clusterMinor is null)
        {
            verdict.NotAssessable(
                $"PHI namespace {obj.Name} pins {EnforceVersionLabel}={version} and the cluster version is unknown; scan the live cluster or use latest");
        }
        else if (pinned < clusterMinor)
        {
            verdict.Fail(FieldPath.Label(EnforceVersionLabel),
                $"PHI namespace {obj.Name} pins {EnforceVersionLabel}={version}, older than the cluster (v1.{clusterMinor}); use latest or v1.{clusterMinor}");
        }
        else if (level == "restricted")
        {
            verdict.Pass($"PHI namespace {obj.Name} enforces restricted at {version} (cluster v1.{clusterMinor})");
        }
    }

    /// <summary>The minor of a Pod Security version label: exactly <c>v1.N</c>.</summary>
    private static int? PsaMinor(string value)
    {
        if (!value.StartsWith("v1.", StringComparison.Ordinal) || value.Length == 3 || !value[3..].All(char.IsAsciiDigit))
        {
            return null;
        }

        return int.TryParse(value.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
