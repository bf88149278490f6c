using PhiGuard.Core.Config;

namespace PhiGuard.Admission.Deploy;

/// <summary>What <c>phiguard admission manifests</c> generates for.</summary>
public sealed record ManifestOptions
{
    public string Namespace { get; init; } = "phiguard-system";

    /// <summary>Use cert-manager (self-signed issuer, CA, serving certificate, CA injection) instead of a generated CA.</summary>
    public bool CertManager { get; init; }

    /// <summary>The image by name and tag; <see cref="ImageDigest"/> pins it.</summary>
    public string Image { get; init; } = $"ghcr.io/phiguard/phiguard:{Core.Engine.Scanner.ToolVersion}";

    /// <summary>
    /// The release's digest (<c>sha256:</c> and 64 hex digits), appended to <see cref="Image"/>. Unknown until an
    /// image is published, so there is no default: without it the image is referenced by tag only.
    /// </summary>
    public string? ImageDigest { get; init; }

    /// <summary>The container image as written into the Deployment: <c>name:tag@sha256:…</c> when a digest is given.</summary>
    public string ImageReference => ImageDigest is null ? Image : $"{Image}@{ImageDigest}";

    /// <summary>
    /// Address ranges the API server calls the webhook from (node or control-plane subnets). Empty: the webhook port
    /// is open to every source, since on most clusters the API server is not a pod a NetworkPolicy can select.
    /// </summary>
    public IReadOnlyList<string> ApiServerCidrs { get; init; } = [];

    /// <summary>The mode of namespaces without a mode label; enforce also makes their webhook fail closed.</summary>
    public AdmissionMode DefaultMode { get; init; } = AdmissionMode.Warn;

    /// <summary>The time certificates are issued at (injected for tests).</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}
