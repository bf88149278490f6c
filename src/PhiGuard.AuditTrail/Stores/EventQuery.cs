namespace PhiGuard.AuditTrail.Stores;

/// <summary>Filters of <c>audit query</c>; an unset filter matches everything, results come in log order.</summary>
public sealed record EventQuery
{
    public string? User { get; init; }

    public string? Verb { get; init; }

    public string? Resource { get; init; }

    public string? Namespace { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public int Limit { get; init; } = 10_000;
}
