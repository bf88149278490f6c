namespace PhiGuard.Sources.Etcd;

/// <summary>
/// What <see cref="EtcdEncryptionProbe"/> found: how many keys are under the prefix, the sampled keys and how each
/// value is stored. Proven only when every sampled value carries the KMS v2 prefix.
/// </summary>
public sealed record EtcdProbeResult(string Endpoint, string KeyPrefix, long TotalKeys, IReadOnlyList<EtcdKeyResult> Sample)
{
    public bool AllKmsV2 => Sample.Count > 0 && Sample.All(s => s.Stored.IsKmsV2);

    public int Count(string verdict) => Sample.Count(s => s.Stored.Verdict == verdict);
}
