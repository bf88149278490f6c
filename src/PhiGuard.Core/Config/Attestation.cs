using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Config;

/// <summary>
/// A person's statement that a manual item holds (a BAA is signed, training is done), with when, who, and the
/// evidence: a link, or a file whose SHA-256 the loader checked.
/// </summary>
public sealed record Attestation
{
    /// <summary>The manual control id it attests (<c>baa-executed</c>).</summary>
    public required string Item { get; init; }

    public required string By { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>Optional explicit end of validity; otherwise the control's maximum age applies.</summary>
    public DateOnly? Expires { get; init; }

    public string? Link { get; init; }

    public string? File { get; init; }

    /// <summary>The SHA-256 (hex) the attestation claims for <see cref="File"/>.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Set by the loader when the evidence does not hold up (file missing, hash differs).</summary>
    public string? EvidenceProblem { get; init; }

    public string? Statement { get; init; }

    public SourceLocation? Source { get; init; }
}
