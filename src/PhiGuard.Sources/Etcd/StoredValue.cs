using System.Text;

namespace PhiGuard.Sources.Etcd;

/// <summary>
/// How the API server stored one value in etcd, read from its first bytes only: the
/// <c>k8s:enc:&lt;provider&gt;:v1:&lt;name&gt;:</c> prefix of an encryption provider (KMS v2/v1, aescbc, aesgcm,
/// secretbox), the <c>k8s\0</c> magic of an unencrypted protobuf object (identity), or <c>{</c> of unencrypted JSON.
/// Only the prefix is kept, never the bytes after it.
/// </summary>
public sealed record StoredValue(string Provider, string Prefix, string Verdict)
{
    /// <summary>Verdicts, in order from proof of KMS v2 to plaintext.</summary>
    public const string KmsV2 = "encrypted-kms-v2";
    public const string KmsV1 = "encrypted-kms-v1-deprecated";
    public const string StaticKey = "encrypted-static-key";
    public const string Plaintext = "plaintext";
    public const string Unknown = "unknown";

    private static readonly byte[] ProtobufMagic = "k8s\0"u8.ToArray();
    private static readonly byte[] EncryptedPrefix = "k8s:enc:"u8.ToArray();

    /// <summary>True when the value is encrypted by a KMS v2 provider.</summary>
    public bool IsKmsV2 => Verdict == KmsV2;

    public static StoredValue Classify(ReadOnlySpan<byte> value)
    {
        if (value.StartsWith(EncryptedPrefix))
        {
            // k8s:enc:<provider>:<version>:<name>: — read at most 5 colon-separated fields, printable ASCII only.
            var fields = new List<string>();
            var start = 0;
            for (var i = 0; i < Math.Min(value.Length, 300) && fields.Count < 5; i++)
            {
                if (value[i] == (byte)':')
                {
                    fields.Add(Encoding.ASCII.GetString(value[start..i]));
                    start = i + 1;
                }
                else if (value[i] is < 0x21 or > 0x7e)
                {
                    break;
                }
            }

            if (fields.Count == 5)
            {
                var prefix = string.Join(':', fields) + ":";
                var provider = fields[2];
                var version = fields[3];
                var verdict = (provider, version) switch
                {
                    ("kms", "v2") => KmsV2,
                    ("kms", _) => KmsV1,
                    ("aescbc" or "aesgcm" or "secretbox", _) => StaticKey,
                    _ => Unknown,
                };
                return new StoredValue(provider == "kms" ? $"kms-{version}:{fields[4]}" : $"{provider}:{fields[4]}", prefix, verdict);
            }

            return new StoredValue("unknown", "k8s:enc:", Unknown);
        }

        if (value.StartsWith(ProtobufMagic))
        {
            return new StoredValue("identity", "k8s\\0", Plaintext);
        }

        var trimmed = value.TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'{')
        {
            return new StoredValue("identity", "{", Plaintext);
        }

        return new StoredValue("unknown", string.Empty, Unknown);
    }
}
