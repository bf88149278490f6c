using System.Text.Json;

namespace PhiGuard.Admission;

/// <summary>The parts of an <c>admission.k8s.io/v1</c> AdmissionReview request that the webhook reads.</summary>
public sealed record AdmissionRequest
{
    public required string Uid { get; init; }

    /// <summary>The apiVersion of the review, echoed in the response (<c>admission.k8s.io/v1</c>).</summary>
    public required string ApiVersion { get; init; }

    public required string Operation { get; init; }

    /// <summary>Kind of the object (<c>request.kind.kind</c>).</summary>
    public required string Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public bool DryRun { get; init; }

    public JsonElement? Object { get; init; }

    public JsonElement? OldObject { get; init; }
}
