using System.Text.Json;

namespace PhiGuard.Admission;

/// <summary>
/// Parses an AdmissionReview body. Anything that is not a well-formed <c>admission.k8s.io/v1</c> review with a
/// request uid, operation and kind is an <see cref="AdmissionRequestException"/> naming what is wrong.
/// </summary>
public static class AdmissionReviewReader
{
    /// <summary>Kubernetes caps an object at about 1.5 MiB; a review carries it twice (object and oldObject).</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 128 };

    /// <summary>Parses the body. The returned document owns the elements of the request and must be disposed after use.</summary>
    public static (AdmissionRequest Request, JsonDocument Document) Parse(ReadOnlyMemory<byte> body)
    {
        if (body.Length == 0)
        {
            throw new AdmissionRequestException("empty body: expected an admission.k8s.io/v1 AdmissionReview");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, Options);
        }
        catch (JsonException ex)
        {
            throw new AdmissionRequestException($"body is not valid JSON: {ex.Message}", ex);
        }

        try
        {
            return (Read(doc.RootElement), doc);
        }
        catch
        {
            doc.Dispose();
            throw;
        }
    }

    private static AdmissionRequest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new AdmissionRequestException("body must be a JSON object (an AdmissionReview)");
        }

        var apiVersion = Text(root, "apiVersion");
        var kind = Text(root, "kind");
        if (kind != "AdmissionReview" || apiVersion != "admission.k8s.io/v1")
        {
            throw new AdmissionRequestException(
                $"expected kind AdmissionReview of apiVersion admission.k8s.io/v1, found kind {kind ?? "(none)"} of apiVersion {apiVersion ?? "(none)"}; set admissionReviewVersions: [\"v1\"]");
        }

        if (!root.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object)
        {
            throw new AdmissionRequestException("AdmissionReview has no request object");
        }

        var uid = Text(request, "uid");
        if (string.IsNullOrEmpty(uid))
        {
            throw new AdmissionRequestException("request.uid is missing");
        }

        var operation = Text(request, "operation");
        if (string.IsNullOrEmpty(operation))
        {
            throw new AdmissionRequestException("request.operation is missing");
        }

        string? objKind = null;
        if (request.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.Object)
        {
            objKind = Text(k, "kind");
        }

        if (string.IsNullOrEmpty(objKind))
        {
            throw new AdmissionRequestException("request.kind.kind is missing");
        }

        return new AdmissionRequest
        {
            Uid = uid,
            ApiVersion = apiVersion,
            Operation = operation,
            Kind = objKind,
            Namespace = Text(request, "namespace"),
            Name = Text(request, "name"),
            DryRun = request.TryGetProperty("dryRun", out var d) && d.ValueKind == JsonValueKind.True,
            Object = ObjectOrNull(request, "object"),
            OldObject = ObjectOrNull(request, "oldObject"),
        };
    }

    private static JsonElement? ObjectOrNull(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new AdmissionRequestException($"request.{name} must be an object");
        }

        return v;
    }

    private static string? Text(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : throw new AdmissionRequestException($"{name} must be a string");
    }
}
