namespace PhiGuard.Admission.Images;

/// <summary>Decides whether an image digest carries a valid signature from a trusted key.</summary>
public interface IImageSignatureVerifier
{
    Task<SignatureCheck> VerifyAsync(ImageReference image, CancellationToken cancellationToken);
}
