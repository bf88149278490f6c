using PhiGuard.Core.Engine;

namespace PhiGuard.Core.Config;

/// <summary>
/// The <c>admission:</c> settings of <c>phiguard.yaml</c>: what the webhook does in namespaces that carry no
/// <c>phiguard.io/enforce|warn|audit</c> label (default: warn, so installing it never breaks a cluster), and the
/// image-signature rules for PHI namespaces.
/// </summary>
public sealed record AdmissionSettings
{
    public static AdmissionSettings Default { get; } = new();

    /// <summary>The mode of plain <c>/validate</c>: namespaces without a mode label.</summary>
    public AdmissionMode DefaultMode { get; init; } = AdmissionMode.Warn;

    /// <summary>The lowest severity the default mode acts on.</summary>
    public Severity MinSeverity { get; init; } = Severity.Low;

    /// <summary>
    /// ECDSA P-256 public keys (PEM, SubjectPublicKeyInfo) that may sign images of PHI workloads (cosign key-based
    /// signatures). When empty, signatures are not checked.
    /// </summary>
    public IReadOnlyList<string> SignatureKeys { get; init; } = [];

    /// <summary>Registry hosts (<c>host[:port]</c>) reached over plain HTTP instead of HTTPS (local test registries).</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];
}
