using System.Text.Json;
using PhiGuard.AuditTrail.Merkle;

namespace PhiGuard.AuditTrail.Tests.Merkle;

/// <summary>Every transparency-dev/merkle proof vector (Data/merkle, see SOURCE): accepted iff wantErr is false.</summary>
public sealed class ConformanceVectorTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Data", "merkle");

    public static TheoryData<string> Inclusion() => Files("inclusion");

    public static TheoryData<string> Consistency() => Files("consistency");

    [Fact]
    public void All_vectors_are_present()
    {
        Assert.Equal(197 - 1, Directory.GetFiles(Root, "*.json", SearchOption.AllDirectories).Length);
    }

    [Theory]
    [MemberData(nameof(Inclusion))]
    public void Inclusion_vector(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, file)));
        var v = doc.RootElement;
        var ok = ProofVerifier.VerifyInclusion(
            v.GetProperty("leafIdx").GetUInt64(), v.GetProperty("treeSize").GetUInt64(),
            B64(v.GetProperty("leafHash")), Proof(v.GetProperty("proof")), B64(v.GetProperty("root")));
        Assert.Equal(!v.GetProperty("wantErr").GetBoolean(), ok);
    }

    [Theory]
    [MemberData(nameof(Consistency))]
    public void Consistency_vector(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, file)));
        var v = doc.RootElement;
        var ok = ProofVerifier.VerifyConsistency(
            v.GetProperty("size1").GetUInt64(), v.GetProperty("size2").GetUInt64(),
            B64(v.GetProperty("root1")), B64(v.GetProperty("root2")), Proof(v.GetProperty("proof")));
        Assert.Equal(!v.GetProperty("wantErr").GetBoolean(), ok);
    }

    /// <summary>Our proof generator produces exactly the happy-path proofs over the RFC 6962 test leaves.</summary>
    [Fact]
    public void Generated_proofs_equal_the_happy_path_vectors()
    {
        var tree = new MerkleTree(TestLeaves.Flat());
        var checkedCount = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "inclusion"), "happy-path.json", SearchOption.AllDirectories))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var v = doc.RootElement;
            var size = (long)v.GetProperty("treeSize").GetUInt64();
            var index = (long)v.GetProperty("leafIdx").GetUInt64();
            Assert.Equal(B64(v.GetProperty("root")), tree.Root(size));
            Assert.Equal(B64(v.GetProperty("leafHash")), tree.Leaf(index).ToArray());
            Assert.Equal(Proof(v.GetProperty("proof")), tree.InclusionProof(index, size));
            checkedCount++;
        }

        foreach (var file in Directory.GetFiles(Path.Combine(Root, "consistency"), "happy-path.json", SearchOption.AllDirectories))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var v = doc.RootElement;
            var size1 = (long)v.GetProperty("size1").GetUInt64();
            var size2 = (long)v.GetProperty("size2").GetUInt64();
            Assert.Equal(B64(v.GetProperty("root1")), tree.Root(size1));
            Assert.Equal(B64(v.GetProperty("root2")), tree.Root(size2));
            Assert.Equal(Proof(v.GetProperty("proof")), tree.ConsistencyProof(size1, size2));
            checkedCount++;
        }

        Assert.True(checkedCount >= 8, $"only {checkedCount} happy paths found");
    }

    private static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(Root, kind), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, f));
        }

        return data;
    }

    private static byte[] B64(JsonElement e) => e.ValueKind == JsonValueKind.String ? Convert.FromBase64String(e.GetString()!) : [];

    private static List<byte[]> Proof(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(B64).ToList() : [];
}
