using System.Text.Json;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.SupplyChain;

/// <summary>
/// Every image of a PHI workload is covered, in its namespace, by an enforcing signature check: a Kyverno
/// <c>verifyImages</c> entry with attestors in Enforce mode (not <c>required: false</c> or <c>verifyDigest: false</c>)
/// or a sigstore <c>ClusterImagePolicy</c> in enforce mode acting in a namespace labelled
/// <c>policy.sigstore.dev/include=true</c>; and no Kyverno PolicyReport records a failed re-verification.
/// </summary>
internal sealed class ImageSignatureEnforced : ClusterControl
{
    public override string Id => "image-signature-enforced";

    public override string Title => "Admission verifies the signature of every PHI image";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(c)(1)", "164.312(c)(2)", "164.308(a)(5)(ii)(B)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-097", "hipaa-100", "hipaa-029"];

    public override IReadOnlyList<string> Requirements => ["S15"];

    public override IReadOnlyList<string> Kinds =>
        ["ClusterPolicy", "Policy", "ClusterImagePolicy", "PolicyReport", "Namespace", "Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public override string Rationale =>
        "A signature ties an image to the build that produced it: without verification at admission, a pushed or " +
        "swapped image (a compromised registry account, a typo-squatted name) runs next to ePHI unnoticed. " +
        "Verification by digest proves the code that handles PHI is the code that was built and reviewed.";

    public override string Remediation =>
        "Sign images in CI (cosign, keyless or with a KMS key) and enforce it: a Kyverno ClusterPolicy with " +
        "`verifyImages` (`imageReferences` covering every PHI image, `attestors`, `required: true`, `verifyDigest: true`) " +
        "and `validationFailureAction: Enforce` (or `failureAction: Enforce` on the entry), matching Pods in the PHI " +
        "namespaces; or install the sigstore policy-controller, create a ClusterImagePolicy whose `images[].glob` " +
        "covers the PHI images with a `key` or `keyless` authority, and label each PHI namespace `policy.sigstore.dev/include=true`.";

    public override string Remarks =>
        "An image is covered when a pattern matches it as written or fully qualified (`docker.io/library/…`); Kyverno " +
        "`*` crosses path segments, sigstore `*` does not (`**` does). A Kyverno rule covers a namespace through its " +
        "`match`/`exclude` resource filters (kinds Pod, `*` or the workload's own kind; a filter narrowed by names " +
        "or object labels does not count); its mode is the entry's `failureAction`, else a matching " +
        "`validationFailureActionOverrides` entry, else `validationFailureAction`, else Audit. A sigstore authority " +
        "of `static: {action: pass}` verifies nothing. Re-verification of running digests needs the registry and " +
        "the signer's keys, which a scan does not reach; PhiGuard reads its result where Kyverno recorded it: a " +
        "`fail` result of an image-verifying policy in a PolicyReport (wgpolicyk8s.io) in a PHI namespace fails.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var images = PhiImages.Of(context).ToList();
        if (images.Count == 0)
        {
            verdict.NotApplicable(context.Scope.PhiNamespaces.Count == 0 ? "no PHI namespaces" : "no workload image in a PHI namespace");
            return;
        }

        ReportGaps(context, verdict);
        var verifiers = ImageVerifiers.Of(context.Inventory);
        var weak = new HashSet<ImageVerifier>();
        foreach (var workload in images.GroupBy(i => i.Workload))
        {
            var w = workload.Key;
            var ns = w.Object.Namespace!;
            var labels = NamespaceLabels.Of(context, ns);
            var failed = false;
            foreach (var (_, container, image, _) in workload)
            {
                var reasons = new List<string>();
                var ok = false;
                foreach (var v in verifiers.Where(v => v.MatchesImage(image)))
                {
                    var (covers, why) = v.Coverage(ns, labels, w.Object.Kind);
                    if (!covers)
                    {
                        reasons.Add(why);
                    }
                    else if (!v.VerifiesSignature)
                    {
                        reasons.Add($"{v.Describe} verifies no signature (no attestors or key/keyless authority)");
                    }
                    else if (!v.IsEnforcing(ns))
                    {
                        reasons.Add($"{v.Describe} is in {v.ModeIn(ns)} mode, so an unsigned image is admitted");
                    }
                    else if (v.Weaknesses.Count > 0)
                    {
                        weak.Add(v);
                        reasons.Add($"{v.Describe} weakens verification ({string.Join("; ", v.Weaknesses.Select(x => x.Text))})");
                    }
                    else
                    {
                        ok = true;
                    }
                }

                if (!ok)
                {
                    failed = true;
                    var detail = reasons.Count == 0
                        ? "no Kyverno verifyImages entry or sigstore ClusterImagePolicy matches it"
                        : string.Join("; ", reasons);
                    verdict.Fail(w.Object, $"{container.Path}.image", $"container \"{container.Name}\" image {image} is admitted without an enforced signature check: {detail}");
                }
            }

            if (!failed)
            {
                verdict.Pass(w.Object, $"every image of {w.Object.Kind} {ns}/{w.Object.Name} is covered by an enforcing signature check");
            }
        }

        foreach (var v in weak.OrderBy(v => v.Policy.Ref).ThenBy(v => v.Path, StringComparer.Ordinal))
        {
            foreach (var (path, text) in v.Weaknesses)
            {
                verdict.Fail(v.Policy, path, $"{v.Describe}: {text}");
            }
        }

        ReportFailedVerifications(context, verifiers, verdict);
    }

    private static void ReportGaps(ControlContext context, ClusterVerdict verdict)
    {
        foreach (var (group, kind) in new[] { ("kyverno.io", "ClusterPolicy"), ("kyverno.io", "Policy"), ("policy.sigstore.dev", "ClusterImagePolicy") })
        {
            if (context.Inventory.GapFor(group, kind) is { } gap)
            {
                verdict.NotAssessable(null, $"could not read {kind} ({group}): {gap.Reason}");
            }
        }
    }

    /// <summary>Kyverno's background scans re-verify running images and record failures in PolicyReports.</summary>
    private static void ReportFailedVerifications(ControlContext context, IReadOnlyList<ImageVerifier> verifiers, ClusterVerdict verdict)
    {
        var verifying = verifiers.Where(v => v.Policy.Group == "kyverno.io")
            .Select(v => v.Policy.Namespace is null ? v.Policy.Name : $"{v.Policy.Namespace}/{v.Policy.Name}")
            .ToHashSet(StringComparer.Ordinal);
        foreach (var report in context.Inventory.OfKind("wgpolicyk8s.io", "PolicyReport").Where(r => context.Scope.IsPhi(r.Namespace)))
        {
            var i = 0;
            foreach (var result in report.Json.GetArray("results"))
            {
                var policy = result.GetString("policy");
                if (result.GetString("result") == "fail" && policy is not null &&
                    (verifying.Contains(policy) || verifying.Contains($"{report.Namespace}/{policy}")))
                {
                    // Per-namespace reports list the resource in the result; per-resource reports (Kyverno 1.10+) in `scope`.
                    var resource = result.GetArray("resources").FirstOrDefault();
                    if (resource.ValueKind != JsonValueKind.Object && report.Json.GetObject("scope") is { } scope)
                    {
                        resource = scope;
                    }

                    var what = resource.ValueKind == JsonValueKind.Object
                        ? $"{resource.GetString("kind")} {resource.GetString("name")}"
                        : "a resource";
                    verdict.Fail(report, $"results[{i}]", $"Kyverno recorded a failed image verification of {what} in {report.Namespace} by policy {policy} rule {result.GetString("rule") ?? "?"}");
                }

                i++;
            }
        }
    }
}
