using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Merkle;
using PhiGuard.AuditTrail.Stores;

namespace PhiGuard.AuditTrail.Verification;

/// <summary>
/// Builds inclusion and consistency proofs against the newest stored checkpoint that verifies with the key, and
/// checks each proof before handing it out, so a proof from a damaged store is refused rather than printed.
/// </summary>
public static class Prover
{
    public static async Task<IReadOnlyList<InclusionProof>> ProveEventAsync(
        IAuditStore store, SigningKey key, string auditId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var hits = await store.FindAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (hits.Count == 0)
        {
            throw new InvalidDataException($"no event with auditID {auditId} in the log");
        }

        var (note, cp) = await LatestAsync(store, key, cancellationToken).ConfigureAwait(false);
        var tree = new MerkleTree(await store.ReadLeafHashesAsync(0, cp.Size, cancellationToken).ConfigureAwait(false));
        if (!tree.Root(cp.Size).AsSpan().SequenceEqual(cp.Root))
        {
            throw new InvalidDataException($"the stored leaves do not match the checkpoint at size {cp.Size}; run 'phiguard audit verify'");
        }

        var proofs = new List<InclusionProof>();
        foreach (var (index, stage) in hits)
        {
            if (index >= cp.Size)
            {
                throw new InvalidDataException(
                    $"event {auditId} ({stage}) is at index {index}, after the latest checkpoint (size {cp.Size}): not sealed yet");
            }

            var path = tree.InclusionProof(index, cp.Size);
            var leaf = tree.Leaf(index).ToArray();
            if (!ProofVerifier.VerifyInclusion((ulong)index, (ulong)cp.Size, leaf, path, cp.Root))
            {
                throw new InvalidOperationException($"inclusion proof for index {index} does not verify");
            }

            proofs.Add(new InclusionProof(auditId, stage, index, cp.Size, leaf, path, note));
        }

        return proofs;
    }

    /// <summary>Proves the log grew from <paramref name="olderNote"/> (checked with the key) to its newest checkpoint.</summary>
    public static async Task<ConsistencyProof> ProveConsistencyAsync(
        IAuditStore store, SigningKey key, string olderNote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var old = SignedNote.Open(olderNote, key, out var error)
            ?? throw new InvalidDataException($"the older checkpoint: {error}");
        if (old.Origin != store.Origin)
        {
            throw new InvalidDataException($"the older checkpoint is for log '{old.Origin}', this log is '{store.Origin}'");
        }

        var (note, cp) = await LatestAsync(store, key, cancellationToken).ConfigureAwait(false);
        if (cp.Size < old.Size)
        {
            throw new InvalidDataException(
                $"the log's newest checkpoint covers {cp.Size} events, fewer than the older checkpoint's {old.Size}: the log was truncated");
        }

        var size = await store.SizeAsync(cancellationToken).ConfigureAwait(false);
        if (size < cp.Size)
        {
            throw new InvalidDataException($"the log holds {size} events but its checkpoint covers {cp.Size}: truncated");
        }

        var tree = new MerkleTree(await store.ReadLeafHashesAsync(0, cp.Size, cancellationToken).ConfigureAwait(false));
        if (!tree.Root(cp.Size).AsSpan().SequenceEqual(cp.Root))
        {
            throw new InvalidDataException($"the stored leaves do not match the checkpoint at size {cp.Size}; run 'phiguard audit verify'");
        }

        var path = tree.ConsistencyProof(old.Size, cp.Size);
        if (!ProofVerifier.VerifyConsistency((ulong)old.Size, (ulong)cp.Size, old.Root, cp.Root, path))
        {
            throw new InvalidDataException(
                $"the log is not an extension of the older checkpoint (size {old.Size}): its first {old.Size} events changed since it was signed");
        }

        return new ConsistencyProof(old.Size, cp.Size, old.Root, cp.Root, path, note);
    }

    internal static async Task<(string Note, Checkpoint Checkpoint)> LatestAsync(IAuditStore store, SigningKey key, CancellationToken cancellationToken)
    {
        var all = await store.CheckpointsAsync(cancellationToken).ConfigureAwait(false);
        for (var i = all.Count - 1; i >= 0; i--)
        {
            var cp = SignedNote.Open(all[i].Note, key, out _);
            if (cp is not null && cp.Size == all[i].Size && cp.Origin == store.Origin)
            {
                return (all[i].Note, cp);
            }
        }

        throw new InvalidDataException("the log has no checkpoint signed by this key yet");
    }
}
