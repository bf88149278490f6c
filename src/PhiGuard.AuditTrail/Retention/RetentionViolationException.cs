namespace PhiGuard.AuditTrail.Retention;

/// <summary>Thrown when a prune would remove anything younger than the retention period; nothing was changed.</summary>
public sealed class RetentionViolationException : Exception
{
    public RetentionViolationException()
    {
    }

    public RetentionViolationException(string message)
        : base(message)
    {
    }

    public RetentionViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
