using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Tests.Support;

/// <summary>Builds objects and inventories from JSON text for tests.</summary>
internal static class Objects
{
    public static KubeObject Parse(string json, string? file = null)
    {
        using var doc = JsonDocument.Parse(json);
        return KubeObject.Create(doc.RootElement.Clone(), file is null ? null : new SourceLocation(file, 1, 1));
    }

    /// <summary>A JSON array of objects, in order.</summary>
    public static IReadOnlyList<KubeObject> ParseAll(string jsonArray)
    {
        using var doc = JsonDocument.Parse(jsonArray);
        return doc.RootElement.EnumerateArray().Select(e => KubeObject.Create(e.Clone())).ToList();
    }

    public static PhiGuard.Core.Inventory.Inventory Inventory(string jsonArray, IEnumerable<ResourceGap>? gaps = null) =>
        new(ParseAll(jsonArray), gaps: gaps);

    public static string Namespace(string name, bool phi) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["phiguard.io/phi"] = phi ? "true" : "false" },
        },
    }.ToJsonString();

    /// <summary>A Deployment whose containers have the given names.</summary>
    public static string Deployment(string ns, string name, string team = "records", params string[] containers) => new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["team"] = team },
        },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(containers
                        .Select(c => (JsonNode)new JsonObject { ["name"] = c, ["image"] = $"registry.example.com/{c}:1" })
                        .ToArray()),
                },
            },
        },
    }.ToJsonString();
}
