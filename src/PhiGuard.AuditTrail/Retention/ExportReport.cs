using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.AuditTrail.Retention;

/// <summary>The outcome of verifying an exported segment offline: intact only when no problem was found.</summary>
public sealed record ExportReport(ExportManifest? Manifest, long Events, IReadOnlyList<Problem> Problems)
{
    public bool Intact => Problems.Count == 0 && Manifest is not null;
}
