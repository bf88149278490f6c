namespace PhiGuard.Core.Remediation;

/// <summary>The remediation of a scan: per failing object a patch and what stays manual; failures on no object are manual.</summary>
public sealed record RemediationPlan(IReadOnlyList<ObjectRemediation> Objects, IReadOnlyList<ManualItem> ClusterManual)
{
    public int PatchCount => Objects.Count(o => o.Patch is not null);
}
