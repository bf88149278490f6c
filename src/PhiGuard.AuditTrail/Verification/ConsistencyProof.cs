namespace PhiGuard.AuditTrail.Verification;

/// <summary>Proof that the tree of size <c>Size2</c> (a signed checkpoint) extends the older one of size <c>Size1</c>.</summary>
public sealed record ConsistencyProof(long Size1, long Size2, byte[] Root1, byte[] Root2, IReadOnlyList<byte[]> Path, string Checkpoint);
