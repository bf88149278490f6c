using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Sources.Provider;

/// <summary>
/// Reads a managed cluster's description as its provider's CLI prints it (<c>aws eks describe-cluster</c>,
/// <c>gcloud container clusters describe --format json</c>, <c>az aks show</c>), tells which provider wrote it, and
/// wraps it as a <c>phiguard.io/v1alpha1 ProviderDescription</c> for the controls.
/// </summary>
public static class ProviderDescriptionLoader
{
    private const long MaxBytes = 16 * 1024 * 1024;

    public static LoadResult Load(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<LoadError>();
        var objects = new List<KubeObject>();
        var result = new LoadResult(objects, errors, [], InventoryOrigin.Manifests, ClusterFacts.None, [file]);
        if (!File.Exists(file))
        {
            errors.Add(new LoadError(file, 0, 0, "provider description not found"));
            return result;
        }

        if (new FileInfo(file).Length > MaxBytes)
        {
            errors.Add(new LoadError(file, 0, 0, $"provider description is over {MaxBytes} bytes"));
            return result;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            errors.Add(new LoadError(file, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, $"not JSON: {ex.Message}"));
            return result;
        }

        if (root is not JsonObject obj)
        {
            errors.Add(new LoadError(file, 1, 1, "expected a JSON object as printed by the provider's describe/show command"));
            return result;
        }

        var provider = Detect(obj);
        if (provider is null)
        {
            errors.Add(new LoadError(file, 1, 1, "cannot tell which provider printed this: expected EKS describe-cluster ({\"cluster\": {\"arn\": …}}), GKE clusters describe (selfLink …container.googleapis.com…) or AKS show (type Microsoft.ContainerService/ManagedClusters)"));
            return result;
        }

        var name = (provider == "eks" ? obj["cluster"]?["name"] : obj["name"])?.GetValueKind() == JsonValueKind.String
            ? (provider == "eks" ? obj["cluster"]!["name"]! : obj["name"]!).GetValue<string>()
            : Path.GetFileNameWithoutExtension(file);
        var wrapped = new JsonObject
        {
            ["apiVersion"] = "phiguard.io/v1alpha1",
            ["kind"] = ProviderDescription.Kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["provider"] = provider, ["description"] = obj.DeepClone() },
        };
        using var doc = JsonDocument.Parse(wrapped.ToJsonString());
        objects.Add(KubeObject.Create(doc.RootElement.Clone(), new SourceLocation(file, 1, 1)));
        return result with { Facts = new ClusterFacts { ManagedProvider = provider } };
    }

    /// <summary>eks, gke or aks from the shape of the description, or null.</summary>
    public static string? Detect(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["cluster"] is JsonObject c && (c["arn"] is not null || c["resourcesVpcConfig"] is not null))
        {
            return "eks";
        }

        if (obj["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String &&
            string.Equals(t.GetValue<string>(), "Microsoft.ContainerService/ManagedClusters", StringComparison.OrdinalIgnoreCase))
        {
            return "aks";
        }

        if ((obj["selfLink"] is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Contains("container.googleapis.com", StringComparison.Ordinal)) ||
            obj["currentMasterVersion"] is not null)
        {
            return "gke";
        }

        return obj["agentPoolProfiles"] is not null ? "aks" : null;
    }
}
