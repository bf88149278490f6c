using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Secrets;

/// <summary>No image running in a PHI namespace has a secret baked into it (trivy-operator ExposedSecretReport).</summary>
internal sealed class NoSecretsInImages : ClusterControl
{
    public override string Id => "no-secrets-in-images";

    public override string Title => "PHI images contain no embedded secrets";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-084"];

    public override IReadOnlyList<string> Requirements => ["S13"];

    public override IReadOnlyList<string> Kinds => ["ExposedSecretReport", "Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public override string Rationale =>
        "A key or password baked into an image layer is readable by everyone who can pull the image, survives in " +
        "every copy and registry mirror, and cannot be rotated without a rebuild.";

    public override string Remediation =>
        "Remove the file or layer holding the secret (multi-stage builds, .dockerignore), rebuild, rotate the exposed " +
        "credential, and supply it at run time from a Secret or external store.";

    public override string Remarks =>
        "Reads trivy-operator `ExposedSecretReport` objects matched to running images by registry, repository and " +
        "digest (or tag). Findings name the rule, the file and the severity only: the report's `match` field (a " +
        "masked excerpt of the secret) is never read into a finding. An image with no report is not assessable.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var images = PhiImages.Of(context).ToList();
        if (images.Count == 0)
        {
            verdict.NotApplicable("no workloads in PHI namespaces");
            return;
        }

        var reports = new TrivyReportIndex(context.Inventory, "ExposedSecretReport");
        foreach (var (w, c, image, imageRef) in images)
        {
            var matching = reports.For(imageRef);
            if (matching.Count == 0)
            {
                verdict.NotAssessable(w.Object, $"no ExposedSecretReport for image {image} of container \"{c.Name}\"");
                continue;
            }

            var found = matching.SelectMany(r => r.Report.GetArray("secrets"))
                .Select(s => $"{s.GetString("ruleID") ?? s.GetString("title") ?? "secret"} in {s.GetString("target") ?? "?"} ({s.GetString("severity") ?? "?"})")
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (found.Count > 0)
            {
                verdict.Fail(w.Object, $"{c.Path}.image", $"image {image} of container \"{c.Name}\" embeds {found.Count} secret(s): {string.Join("; ", found)}");
            }
            else
            {
                verdict.Pass(w.Object, $"image {image} has no exposed secrets");
            }
        }
    }
}
