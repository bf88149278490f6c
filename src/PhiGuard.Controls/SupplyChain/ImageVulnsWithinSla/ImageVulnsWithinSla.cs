using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.SupplyChain;

/// <summary>
/// No image running in a PHI namespace has a fixable CRITICAL vulnerability known for more than 15 days or a
/// fixable HIGH one known for more than 30 (trivy-operator VulnerabilityReports; both limits configurable).
/// </summary>
internal sealed class ImageVulnsWithinSla : ClusterControl
{
    public override string Id => "image-vulns-within-sla";

    public override string Title => "Fixable critical and high vulnerabilities in PHI images are patched within SLA";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.308(a)(1)(ii)(B)", "164.308(a)(5)(ii)(B)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-003", "hipaa-029"];

    public override IReadOnlyList<string> Requirements => ["S15"];

    public override IReadOnlyList<string> Kinds => ["VulnerabilityReport", "Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public override string Rationale =>
        "A known, fixable critical vulnerability in an image that handles PHI is the most common way in; an SLA " +
        "turns \"we scan\" into \"we fix\", which is what risk management (164.308(a)(1)(ii)(B)) asks for.";

    public override string Remediation =>
        "Rebuild the image on the fixed package versions the report names (or a patched base image), redeploy by " +
        "digest, and confirm the new VulnerabilityReport. Limits: thresholds `criticalVulnSlaDays` (default 15) and " +
        "`highVulnSlaDays` (default 30) in phiguard.yaml.";

    public override string Remarks =>
        "Reads trivy-operator `VulnerabilityReport` objects (aquasecurity.github.io/v1alpha1) and matches them to " +
        "running images by registry, repository and digest (or tag when either side has no digest). Trivy records " +
        "no first-seen date, so a vulnerability's age is counted from its `publishedDate` (when it became known), or " +
        "from the report's creation when that is missing; only vulnerabilities with a `fixedVersion` count. An image " +
        "with no report is not assessable here (scan-freshness fails it).";

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

        var reports = new TrivyReportIndex(context.Inventory, "VulnerabilityReport");
        var criticalDays = context.Config.Threshold("criticalVulnSlaDays", 15);
        var highDays = context.Config.Threshold("highVulnSlaDays", 30);
        foreach (var (w, c, image, imageRef) in images)
        {
            var matching = reports.For(imageRef);
            if (matching.Count == 0)
            {
                verdict.NotAssessable(w.Object, $"no VulnerabilityReport for image {image} of container \"{c.Name}\"");
                continue;
            }

            var late = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var r in matching)
            {
                foreach (var v in r.Report.GetArray("vulnerabilities"))
                {
                    if (v.GetString("fixedVersion") is not { Length: > 0 })
                    {
                        continue;
                    }

                    var limit = v.GetString("severity") switch
                    {
                        "CRITICAL" => criticalDays,
                        "HIGH" => highDays,
                        _ => double.NaN,
                    };
                    var known = TrivyReport.ParseTime(v.GetString("publishedDate")) ?? TrivyReport.ParseTime(r.Object.Json.GetPath("metadata.creationTimestamp")?.GetString());
                    if (double.IsNaN(limit) || known is null)
                    {
                        continue;
                    }

                    var age = (context.Now - known.Value).TotalDays;
                    if (age > limit)
                    {
                        late.Add($"{v.GetString("vulnerabilityID")} ({v.GetString("severity")}, {v.GetString("resource")} fixed in {v.GetString("fixedVersion")}, known {Math.Floor(age)} days)");
                    }
                }
            }

            if (late.Count > 0)
            {
                verdict.Fail(w.Object, $"{c.Path}.image", $"image {image} of container \"{c.Name}\" has {late.Count} fixable vulnerabilit{(late.Count == 1 ? "y" : "ies")} past SLA: {string.Join("; ", late.Take(5))}{(late.Count > 5 ? "; …" : string.Empty)}");
            }
            else
            {
                verdict.Pass(w.Object, $"image {image} has no fixable critical/high vulnerability past SLA");
            }
        }
    }
}
