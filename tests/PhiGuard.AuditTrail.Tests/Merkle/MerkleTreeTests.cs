using PhiGuard.AuditTrail.Merkle;

namespace PhiGuard.AuditTrail.Tests.Merkle;

public sealed class MerkleTreeTests
{
    [Fact]
    public void Every_generated_proof_verifies_and_a_wrong_leaf_does_not()
    {
        var leaves = Enumerable.Range(0, 37).SelectMany(i => Rfc6962.LeafHash(BitConverter.GetBytes(i))).ToArray();
        var tree = new MerkleTree(leaves);
        for (var size = 1; size <= 37; size++)
        {
            var root = tree.Root(size);
            for (var i = 0; i < size; i++)
            {
                var proof = tree.InclusionProof(i, size);
                Assert.True(ProofVerifier.VerifyInclusion((ulong)i, (ulong)size, tree.Leaf(i), proof, root), $"leaf {i} of {size}");
                Assert.False(ProofVerifier.VerifyInclusion((ulong)i, (ulong)size, tree.Leaf((i + 1) % 37), proof, root));
            }

            for (var old = 1; old <= size; old++)
            {
                var proof = tree.ConsistencyProof(old, size);
                Assert.True(ProofVerifier.VerifyConsistency((ulong)old, (ulong)size, tree.Root(old), root, proof), $"{old} -> {size}");
            }
        }
    }

    [Fact]
    public void Frontier_root_equals_the_recursive_root_for_every_prefix()
    {
        var leaves = Enumerable.Range(0, 70).SelectMany(i => Rfc6962.LeafHash(BitConverter.GetBytes(i))).ToArray();
        var tree = new MerkleTree(leaves);
        var frontier = new Frontier();
        Assert.Equal(Rfc6962.EmptyRoot(), frontier.Root());
        for (var i = 0; i < 70; i++)
        {
            frontier.Append(tree.Leaf(i));
            Assert.Equal(tree.Root(i + 1), frontier.Root());
        }
    }
}
