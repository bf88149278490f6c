namespace PhiGuard.AuditTrail.Retention;

/// <summary>What a prune did: the prune boundary before and after, events pruned now, and why it stopped where it did.</summary>
public sealed record PruneResult(long PrunedBeforeWas, long PrunedBefore, long Pruned, string StoppedBecause);
