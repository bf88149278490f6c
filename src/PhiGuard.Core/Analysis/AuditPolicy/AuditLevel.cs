namespace PhiGuard.Core.Analysis.AuditPolicy;

/// <summary>How much of a request the API server records, in increasing order.</summary>
public enum AuditLevel
{
    None = 0,
    Metadata = 1,
    Request = 2,
    RequestResponse = 3,
}
