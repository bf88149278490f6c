using System.Net;
using PhiGuard.Admission.Images;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Admission;

/// <summary>How to run the webhook server: where to listen, the certificate files, config and controls.</summary>
public sealed record AdmissionServerOptions
{
    public IPEndPoint Listen { get; init; } = new(IPAddress.Any, 8443);

    public required string CertificatePath { get; init; }

    public required string KeyPath { get; init; }

    public PhiGuardConfig Config { get; init; } = PhiGuardConfig.Default;

    public required IReadOnlyList<Control> Controls { get; init; }

    /// <summary>Signature verifier; by default a <see cref="CosignVerifier"/> built from the config's keys.</summary>
    public IImageSignatureVerifier? Verifier { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
