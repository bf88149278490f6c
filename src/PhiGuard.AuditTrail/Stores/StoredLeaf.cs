namespace PhiGuard.AuditTrail.Stores;

/// <summary>One row of the log as stored: its index, identity, canonical bytes and the leaf hash stored beside them.</summary>
public sealed record StoredLeaf(long Index, string AuditId, string Stage, byte[] Body, byte[] LeafHash);
