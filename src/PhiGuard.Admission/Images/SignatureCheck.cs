namespace PhiGuard.Admission.Images;

/// <summary>The outcome of checking one image digest for a cosign signature.</summary>
public enum SignatureState
{
    /// <summary>A signature over this digest verifies with one of the configured keys.</summary>
    Verified,

    /// <summary>No signature manifest, or none of its signatures verifies for this digest with the configured keys.</summary>
    Unsigned,

    /// <summary>The registry could not be asked (timeout, refused, unexpected answer); fails closed.</summary>
    Error,
}

/// <summary>What signature verification found for one image, with a reason safe to show a user.</summary>
public sealed record SignatureCheck(SignatureState State, string Reason);
