namespace PhiGuard.AuditTrail.Verification;

/// <summary>The outcome of verifying a whole log: it is intact only when no problem was found.</summary>
public sealed record VerifyReport(long Events, int Checkpoints, long SealedSize, IReadOnlyList<Problem> Problems)
{
    public bool Intact => Problems.Count == 0;

    /// <summary>Events whose bodies were pruned after export: checked by their leaf hashes against the signed roots only.</summary>
    public long Pruned { get; init; }
}
