using System.Globalization;
using System.Text.Json;

namespace PhiGuard.AuditTrail.Events;

/// <summary>
/// Reads audit events from an <c>audit.k8s.io/v1</c> EventList (webhook backend) or JSON lines (log backend); an
/// event without <c>auditID</c> or <c>stage</c> is refused with its position, since those two make retries idempotent.
/// </summary>
public static class AuditEventParser
{
    public static IReadOnlyList<AuditEvent> ParseEventList(ReadOnlySpan<byte> json)
    {
        using var doc = Parse(json, "request body");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("request body: expected an audit.k8s.io/v1 EventList object");
        }

        if (!root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != "EventList")
        {
            throw new InvalidDataException("request body: kind is not EventList");
        }

        if (!root.TryGetProperty("items", out var items) || items.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (items.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("request body: items is not an array");
        }

        var events = new List<AuditEvent>(items.GetArrayLength());
        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            events.Add(FromElement(item, $"items[{i}]"));
            i++;
        }

        return events;
    }

    /// <summary>Parses one line of a log-backend file; <paramref name="where"/> names it in errors (file:line).</summary>
    public static AuditEvent ParseLine(ReadOnlySpan<byte> line, string where)
    {
        using var doc = Parse(line, where);
        return FromElement(doc.RootElement, where);
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> json, string where)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{where}: invalid JSON: {ex.Message}", ex);
        }
    }

    private static AuditEvent FromElement(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: an audit event must be a JSON object");
        }

        var auditId = Str(e, "auditID");
        var stage = Str(e, "stage");
        if (auditId.Length == 0 || stage.Length == 0)
        {
            throw new InvalidDataException($"{where}: event has no auditID or stage");
        }

        var ts = Str(e, "stageTimestamp");
        if (ts.Length == 0)
        {
            ts = Str(e, "requestReceivedTimestamp");
        }

        if (!DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            throw new InvalidDataException($"{where}: event {auditId} has no valid stageTimestamp");
        }

        var user = e.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object ? Str(u, "username") : string.Empty;
        var objectRef = e.TryGetProperty("objectRef", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
        var code = e.TryGetProperty("responseStatus", out var rs) && rs.ValueKind == JsonValueKind.Object
            && rs.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var ci) ? ci : 0;

        return new AuditEvent
        {
            AuditId = auditId,
            Stage = stage,
            Timestamp = timestamp.ToUniversalTime(),
            User = user,
            Verb = Str(e, "verb"),
            Resource = Str(objectRef, "resource"),
            Subresource = Str(objectRef, "subresource"),
            Namespace = Str(objectRef, "namespace"),
            Name = Str(objectRef, "name"),
            Code = code,
            Canonical = CanonicalJson.Encode(e),
        };
    }

    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() ?? string.Empty
            : string.Empty;
}
