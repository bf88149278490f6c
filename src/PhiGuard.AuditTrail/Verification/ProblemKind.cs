namespace PhiGuard.AuditTrail.Verification;

/// <summary>The kinds of damage <see cref="LogVerifier"/> reports.</summary>
public enum ProblemKind
{
    /// <summary>An event's stored bytes no longer hash to its stored leaf hash.</summary>
    ChangedEvent,

    /// <summary>An index is missing from the middle of the log.</summary>
    MissingEvent,

    /// <summary>The leaves up to a checkpoint do not hash to its signed root (changed, reordered, inserted or removed events).</summary>
    RootMismatch,

    /// <summary>The log holds fewer events than a signed checkpoint covers.</summary>
    Truncated,

    /// <summary>A checkpoint's signature does not verify, or it is not a checkpoint at all.</summary>
    BadSignature,

    /// <summary>A checkpoint stored under one size holds a note for another size or another log.</summary>
    ReplacedCheckpoint,

    /// <summary>The log has no checkpoint to verify against.</summary>
    NoCheckpoint,

    /// <summary>An exported segment's file is missing, unreadable or differs from the hash its manifest records.</summary>
    ExportDamaged,
}
