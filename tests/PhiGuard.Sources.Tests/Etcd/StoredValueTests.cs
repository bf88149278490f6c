using System.Text;
using PhiGuard.Sources.Etcd;

namespace PhiGuard.Sources.Tests.Etcd;

/// <summary>Classifying etcd values by their stored prefix, without keeping anything after it.</summary>
public sealed class StoredValueTests
{
    [Theory]
    [InlineData("k8s:enc:kms:v2:vault-kms:\x01\x02CIPHERTEXT", StoredValue.KmsV2, "kms-v2:vault-kms", "k8s:enc:kms:v2:vault-kms:")]
    [InlineData("k8s:enc:kms:v1:aws-kms:CIPHERTEXT", StoredValue.KmsV1, "kms-v1:aws-kms", "k8s:enc:kms:v1:aws-kms:")]
    [InlineData("k8s:enc:aescbc:v1:key1:CIPHERTEXT", StoredValue.StaticKey, "aescbc:key1", "k8s:enc:aescbc:v1:key1:")]
    [InlineData("k8s:enc:aesgcm:v1:key2:CIPHERTEXT", StoredValue.StaticKey, "aesgcm:key2", "k8s:enc:aesgcm:v1:key2:")]
    [InlineData("k8s:enc:secretbox:v1:key3:CIPHERTEXT", StoredValue.StaticKey, "secretbox:key3", "k8s:enc:secretbox:v1:key3:")]
    [InlineData("k8s\0\n\fv1\x12\x06SecretPLAINTEXT", StoredValue.Plaintext, "identity", "k8s\\0")]
    [InlineData("{\"kind\":\"Secret\",\"data\":{\"x\":\"PLAINTEXT\"}}", StoredValue.Plaintext, "identity", "{")]
    [InlineData("k8s:enc:kms:v2", StoredValue.Unknown, "unknown", "k8s:enc:")]
    [InlineData("garbageCIPHERTEXT", StoredValue.Unknown, "unknown", "")]
    public void Prefix_decides_the_verdict_and_nothing_after_it_is_kept(string value, string verdict, string provider, string prefix)
    {
        var stored = StoredValue.Classify(Encoding.Latin1.GetBytes(value));
        Assert.Equal(verdict, stored.Verdict);
        Assert.Equal(provider, stored.Provider);
        Assert.Equal(prefix, stored.Prefix);
        Assert.DoesNotContain("CIPHERTEXT", stored.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PLAINTEXT", stored.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Range_end_is_the_prefix_with_its_last_byte_incremented()
    {
        Assert.Equal("/registry/secrets0"u8.ToArray(), EtcdEncryptionProbe.RangeEnd("/registry/secrets/"u8.ToArray()));
        Assert.Equal(new byte[] { 0x62 }, EtcdEncryptionProbe.RangeEnd([0x61, 0xff]));
    }
}
