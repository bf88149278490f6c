using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.SupplyChain;

/// <summary>
/// Every image of a PHI workload is admitted only with a signed SLSA provenance attestation and a signed SBOM
/// attestation (CycloneDX or SPDX), required by an enforcing Kyverno <c>verifyImages[].attestations</c> entry or
/// sigstore <c>ClusterImagePolicy</c> authority that covers the image in its namespace.
/// </summary>
internal sealed class ImageProvenanceSbomEnforced : ClusterControl
{
    public override string Id => "image-provenance-sbom-enforced";

    public override string Title => "Admission requires signed provenance and SBOM attestations for PHI images";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.312(c)(1)", "164.308(a)(1)(ii)(A)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-097", "hipaa-001", "hipaa-002"];

    public override IReadOnlyList<string> Requirements => ["S15"];

    public override IReadOnlyList<string> Kinds =>
        ["ClusterPolicy", "Policy", "ClusterImagePolicy", "Namespace", "Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public override string Rationale =>
        "Provenance says which source and build system produced an image; an SBOM says what is inside it. Requiring " +
        "both, signed, before admission keeps images of unknown origin away from ePHI and lets the risk analysis " +
        "answer \"which PHI services contain the vulnerable library?\" in minutes.";

    public override string Remediation =>
        "Attest images in CI (`cosign attest --type slsaprovenance1` and `--type cyclonedx` or `spdxjson`), then add " +
        "to the enforcing Kyverno `verifyImages` entry covering the PHI images two `attestations` with `type: " +
        "https://slsa.dev/provenance/v1` and `type: https://cyclonedx.org/bom` (each with `attestors`), or add " +
        "`attestations` with those `predicateType`s to the ClusterImagePolicy authority.";

    public override string Remarks =>
        "Coverage and mode are judged as in image-signature-enforced. Provenance types: `https://slsa.dev/provenance/…` " +
        "(any version) or the sigstore short names `slsaprovenance`, `slsaprovenance02`, `slsaprovenance1`. SBOM types: " +
        "`https://cyclonedx.org/bom…`, `https://spdx.dev/Document…` or `cyclonedx`, `spdx`, `spdxjson`. A Kyverno " +
        "attestation counts as signed when it or its verifyImages entry names attestors; a sigstore attestation is " +
        "verified with its authority's key or identity. CONTROLS.md reads `verifyImages[].attestations` only; " +
        "sigstore ClusterImagePolicy attestations are accepted too, as an auditor would. Whether the attestations' " +
        "conditions check anything (builder id, licences) is not judged.";

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

        var verifiers = ImageVerifiers.Of(context.Inventory);
        foreach (var workload in images.GroupBy(i => i.Workload))
        {
            var w = workload.Key;
            var ns = w.Object.Namespace!;
            var labels = NamespaceLabels.Of(context, ns);
            var failed = false;
            foreach (var (_, container, image, _) in workload)
            {
                var enforcing = verifiers
                    .Where(v => v.MatchesImage(image) && v.Coverage(ns, labels, w.Object.Kind).Covers && v.IsEnforcing(ns))
                    .ToList();
                var types = enforcing.SelectMany(v => v.AttestationTypes).ToList();
                var missing = new List<string>();
                if (!types.Any(IsProvenance))
                {
                    missing.Add("a signed SLSA provenance attestation");
                }

                if (!types.Any(IsSbom))
                {
                    missing.Add("a signed SBOM attestation (CycloneDX or SPDX)");
                }

                if (missing.Count > 0)
                {
                    failed = true;
                    var by = enforcing.Count == 0
                        ? "no enforcing image verification rule covers it"
                        : $"the enforcing rules covering it ({string.Join(", ", enforcing.Select(v => v.Describe))}) require {(types.Count == 0 ? "no attestation" : string.Join(", ", types.Distinct(StringComparer.Ordinal)))}";
                    verdict.Fail(w.Object, $"{container.Path}.image", $"container \"{container.Name}\" image {image} is admitted without {string.Join(" and ", missing)}: {by}");
                }
            }

            if (!failed)
            {
                verdict.Pass(w.Object, $"every image of {w.Object.Kind} {ns}/{w.Object.Name} needs signed provenance and SBOM attestations to be admitted");
            }
        }
    }

    private static bool IsProvenance(string type) =>
        type.StartsWith("https://slsa.dev/provenance/", StringComparison.Ordinal) ||
        type is "slsaprovenance" or "slsaprovenance02" or "slsaprovenance1";

    private static bool IsSbom(string type) =>
        type.StartsWith("https://cyclonedx.org/bom", StringComparison.Ordinal) ||
        type.StartsWith("https://spdx.dev/Document", StringComparison.Ordinal) ||
        type is "cyclonedx" or "spdx" or "spdxjson";
}
