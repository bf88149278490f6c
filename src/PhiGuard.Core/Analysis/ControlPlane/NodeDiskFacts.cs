using System.Text.Json.Serialization;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// One mounted filesystem on a node and whether the block device under it is encrypted (a dm-crypt/LUKS mapping
/// somewhere in its device stack, as <c>lsblk</c> or <c>/sys/block/*/dm/uuid</c> shows).
/// </summary>
public sealed record NodeDiskFacts
{
    /// <summary>The mount point, e.g. <c>/</c> or <c>/var/lib/containerd</c>.</summary>
    [JsonPropertyName("mount")]
    public required string Mount { get; init; }

    /// <summary>The source device, e.g. <c>/dev/mapper/root</c> or <c>/dev/nvme0n1p2</c>.</summary>
    [JsonPropertyName("device")]
    public string? Device { get; init; }

    /// <summary>The filesystem type (ext4, xfs, overlay, tmpfs …).</summary>
    [JsonPropertyName("fsType")]
    public string? FsType { get; init; }

    /// <summary>True when the device stack includes an encryption layer; null when the collector could not tell.</summary>
    [JsonPropertyName("encrypted")]
    public bool? Encrypted { get; init; }

    /// <summary>The encryption layer: <c>luks</c>, <c>luks2</c>, <c>plain</c> (dm-crypt without LUKS), <c>none</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }
}
