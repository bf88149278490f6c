using PhiGuard.Core.Config;

namespace PhiGuard.Admission.Deploy;

/// <summary>What <c>phiguard admission manifests</c> generates for.</summary>
public sealed record ManifestOptions
{
    public string Namespace { get; init; } = "phiguard-system";

    /// <summary>Use cert-manager (self-signed issuer, CA, serving certificate, CA injection) instead of a generated CA.</summary>
    public bool CertManager { get; init; }

    public string Image { get; init; } = $"ghcr.io/phiguard/phiguard:{Core.Engine.Scanner.ToolVersion}";

    /// <summary>The mode of namespaces without a mode label; enforce also makes their webhook fail closed.</summary>
    public AdmissionMode DefaultMode { get; init; } = AdmissionMode.Warn;

    /// <summary>The time certificates are issued at (injected for tests).</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}
