namespace PhiGuard.Core.Analysis.AuditPolicy;

/// <summary>What the policy decides for one request: the level, the deciding rule (null: no rule matched, so None) and the stages omitted.</summary>
public sealed record AuditDecision(AuditLevel Level, AuditRule? Rule, IReadOnlyList<string> OmitStages)
{
    /// <summary>True when an event is written at <paramref name="stage"/> (level above None and the stage not omitted).</summary>
    public bool Records(string stage) => Level > AuditLevel.None && !OmitStages.Contains(stage, StringComparer.Ordinal);
}
