using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Inventory;
using YamlDotNet.RepresentationModel;

namespace PhiGuard.Core.Tests.Support;

/// <summary>Turns multi-document YAML into an inventory, for tests that read better as manifests.</summary>
internal static class YamlObjects
{
    public static PhiGuard.Core.Inventory.Inventory Inventory(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var objects = new List<KubeObject>();
        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is YamlMappingNode)
            {
                using var json = JsonDocument.Parse(ToJson(doc.RootNode)!.ToJsonString());
                objects.Add(KubeObject.Create(json.RootElement.Clone()));
            }
        }

        return new PhiGuard.Core.Inventory.Inventory(objects);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } sc when sc.Value is "null" or "~" or "" => null,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } sc when long.TryParse(sc.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } sc when sc.Value is "true" or "false" => JsonValue.Create(sc.Value == "true"),
        YamlScalarNode sc => JsonValue.Create(sc.Value),
        _ => null,
    };
}
