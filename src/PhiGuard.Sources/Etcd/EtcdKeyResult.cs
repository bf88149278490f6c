namespace PhiGuard.Sources.Etcd;

/// <summary>One sampled etcd key (its name, which is metadata) and how its value is stored.</summary>
public sealed record EtcdKeyResult(string Key, StoredValue Stored);
