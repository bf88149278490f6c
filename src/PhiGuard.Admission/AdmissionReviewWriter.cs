using System.Buffers;
using System.Text.Json;

namespace PhiGuard.Admission;

/// <summary>Writes the AdmissionReview response: the request uid echoed, allowed, status, warnings, audit annotations. Never a patch.</summary>
public static class AdmissionReviewWriter
{
    public static void Write(IBufferWriter<byte> output, AdmissionRequest request, AdmissionDecision decision)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("apiVersion", request.ApiVersion);
        w.WriteString("kind", "AdmissionReview");
        w.WriteStartObject("response");
        w.WriteString("uid", request.Uid);
        w.WriteBoolean("allowed", decision.Allowed);
        if (decision.Code is { } code)
        {
            w.WriteStartObject("status");
            w.WriteNumber("code", code);
            w.WriteString("reason", code == 403 ? "Forbidden" : "Invalid");
            if (decision.Message is { } message)
            {
                w.WriteString("message", message);
            }

            w.WriteEndObject();
        }

        if (decision.Warnings.Count > 0)
        {
            w.WriteStartArray("warnings");
            foreach (var warning in decision.Warnings)
            {
                w.WriteStringValue(warning);
            }

            w.WriteEndArray();
        }

        if (decision.AuditAnnotations.Count > 0)
        {
            w.WriteStartObject("auditAnnotations");
            foreach (var (k, v) in decision.AuditAnnotations)
            {
                w.WriteString(k, v);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
