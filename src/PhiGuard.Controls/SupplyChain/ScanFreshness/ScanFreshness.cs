using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.SupplyChain;

/// <summary>Every image running in a PHI namespace has a vulnerability report updated within the last 7 days.</summary>
internal sealed class ScanFreshness : ClusterControl
{
    public override string Id => "scan-freshness";

    public override string Title => "Every PHI image was scanned for vulnerabilities in the last 7 days";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> Citations => ["164.308(a)(8)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-054"];

    public override IReadOnlyList<string> Requirements => ["S15", "S44"];

    public override IReadOnlyList<string> Kinds => ["VulnerabilityReport", "Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public override string Rationale =>
        "New vulnerabilities are published daily against images that have not changed: a scan from last quarter says " +
        "nothing about today. Periodic technical evaluation (164.308(a)(8)) needs current results for every PHI image.";

    public override string Remediation =>
        "Run trivy-operator (or another scanner writing VulnerabilityReports) with a rescan interval of at most 7 " +
        "days (trivy-operator `OPERATOR_SCANNER_REPORT_TTL`, e.g. 24h), and make sure it covers PHI namespaces. " +
        "Threshold: `maxScanAgeDays` (default 7).";

    public override string Remarks =>
        "A report's age is its `report.updateTimestamp` (or `metadata.creationTimestamp`). The second half of the " +
        "CONTROLS.md condition, a full posture scan within 24 h, needs PhiGuard's own run log (the evidence store), " +
        "which this control cannot see; it is not judged here.";

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
        var maxDays = context.Config.Threshold("maxScanAgeDays", 7);
        foreach (var (w, c, image, imageRef) in images)
        {
            var newest = reports.For(imageRef).Select(r => r.Updated).Max();
            if (newest is null)
            {
                verdict.Fail(w.Object, $"{c.Path}.image", $"image {image} of container \"{c.Name}\" has no vulnerability report");
            }
            else if ((context.Now - newest.Value).TotalDays > maxDays)
            {
                verdict.Fail(w.Object, $"{c.Path}.image",
                    $"image {image} of container \"{c.Name}\" was last scanned {newest.Value:yyyy-MM-dd}, more than {maxDays} days ago");
            }
            else
            {
                verdict.Pass(w.Object, $"image {image} scanned {newest.Value:yyyy-MM-dd}");
            }
        }
    }
}
