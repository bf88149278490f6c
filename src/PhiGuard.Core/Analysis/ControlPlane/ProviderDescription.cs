using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// A managed cluster's description as its provider prints it (EKS <c>describe-cluster</c>, GKE <c>clusters
/// describe</c>, AKS <c>show</c>), carried in the inventory as a <c>phiguard.io/v1alpha1 ProviderDescription</c>
/// whose <c>spec.provider</c> is eks, gke or aks and whose <c>spec.description</c> is the provider's JSON.
/// </summary>
public sealed class ProviderDescription
{
    public const string Kind = "ProviderDescription";

    private ProviderDescription(KubeObject obj, string provider, JsonElement description)
    {
        Object = obj;
        Provider = provider;
        Description = description;
    }

    public KubeObject Object { get; }

    /// <summary>eks, gke or aks.</summary>
    public string Provider { get; }

    /// <summary>The provider's JSON as printed (for EKS, the <c>cluster</c> object inside it).</summary>
    public JsonElement Description { get; }

    /// <summary>Field path prefix of <see cref="Description"/> inside the object, for findings.</summary>
    public string PathPrefix => Provider == "eks" && Object.Json.GetPath("spec.description.cluster") is not null
        ? "spec.description.cluster"
        : "spec.description";

    public static ProviderDescription? From(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Kind != Kind || obj.Group != NodeFiles.Group || obj.Json.GetPath("spec.description") is not { } d ||
            obj.Json.GetPath("spec")?.GetString("provider") is not { } p)
        {
            return null;
        }

        var provider = p.ToLowerInvariant();
        if (provider == "eks" && d.GetObject("cluster") is { } cluster)
        {
            d = cluster;
        }

        return new ProviderDescription(obj, provider, d);
    }

    /// <summary>The element at a dotted path inside the description, or null.</summary>
    public JsonElement? Get(string path) => Description.GetPath(path);

    /// <summary>A finding path for a dotted path inside the description.</summary>
    public string PathOf(string path) => $"{PathPrefix}.{path}";
}
