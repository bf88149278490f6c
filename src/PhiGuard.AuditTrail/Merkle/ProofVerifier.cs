namespace PhiGuard.AuditTrail.Merkle;

/// <summary>
/// Verifies RFC 9162 inclusion and consistency proofs; a proof is accepted only when every hash is 32 bytes and the
/// recomputed roots equal the given ones. Sizes are unsigned 64-bit as in RFC 9162.
/// </summary>
public static class ProofVerifier
{
    public static bool VerifyInclusion(ulong leafIndex, ulong treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (leafIndex >= treeSize || leafHash.Length != Rfc6962.HashSize || root.Length != Rfc6962.HashSize)
        {
            return false;
        }

        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (p is null || p.Length != Rfc6962.HashSize || sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Rfc6962.NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Rfc6962.NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    public static bool VerifyConsistency(ulong size1, ulong size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);

        // A proof from the empty tree proves nothing, so it is refused rather than vacuously accepted.
        if (size1 == 0 || size2 < size1)
        {
            return false;
        }

        if (size1 == size2)
        {
            return proof.Count == 0 && root1.SequenceEqual(root2);
        }

        if (proof.Count == 0 || root1.Length != Rfc6962.HashSize || root2.Length != Rfc6962.HashSize)
        {
            return false;
        }

        foreach (var p in proof)
        {
            if (p is null || p.Length != Rfc6962.HashSize)
            {
                return false;
            }
        }

        var path = new List<byte[]>(proof.Count + 1);
        if ((size1 & (size1 - 1)) == 0)
        {
            path.Add(root1.ToArray());
        }

        path.AddRange(proof);

        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Rfc6962.NodeHash(c, fr);
                sr = Rfc6962.NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = Rfc6962.NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(root1) && sr.AsSpan().SequenceEqual(root2);
    }
}
