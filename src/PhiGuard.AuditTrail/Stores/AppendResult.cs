namespace PhiGuard.AuditTrail.Stores;

/// <summary>What one durable append did: events added, duplicates skipped, and the log size afterwards.</summary>
public readonly record struct AppendResult(int Appended, int Duplicates, long Size);
