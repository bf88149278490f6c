namespace PhiGuard.AuditTrail.Verification;

/// <summary>Proof that one event is leaf <c>LeafIndex</c> of the tree a signed checkpoint commits to.</summary>
public sealed record InclusionProof(string AuditId, string Stage, long LeafIndex, long TreeSize, byte[] LeafHash, IReadOnlyList<byte[]> Path, string Checkpoint);
