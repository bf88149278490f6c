namespace PhiGuard.AuditTrail.Verification;

/// <summary>One thing verification found broken: a stable kind and a sentence naming what and where.</summary>
public sealed record Problem(ProblemKind Kind, string Detail);
