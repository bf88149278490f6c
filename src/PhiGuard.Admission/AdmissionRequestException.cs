namespace PhiGuard.Admission;

/// <summary>A request the webhook cannot judge (malformed, oversized, wrong version); answered with HTTP 400.</summary>
public sealed class AdmissionRequestException : Exception
{
    public AdmissionRequestException()
    {
    }

    public AdmissionRequestException(string message)
        : base(message)
    {
    }

    public AdmissionRequestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
