using PhiGuard.AuditTrail.Events;

namespace PhiGuard.AuditTrail.Stores;

/// <summary>A query result: the event's log index and the event.</summary>
public sealed record StoredEvent(long Index, AuditEvent Event);
