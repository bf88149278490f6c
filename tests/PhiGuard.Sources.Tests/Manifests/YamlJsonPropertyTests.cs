using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Sources.Tests.Manifests;

/// <summary>Random JSON trees written as block YAML load back as the same JSON (the converter loses nothing).</summary>
public sealed class YamlJsonPropertyTests
{
    private static readonly Gen<string> Text = Gen.Char[" !#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~\"\\\t\n"]
        .Array[0, 12].Select(a => new string(a));

    private static readonly Gen<string> Key = Gen.Char["abcdefghijklmnopqrstuvwxyz-_./0123456789"].Array[1, 10].Select(a => new string(a));

    private static readonly Gen<JsonNode?> Leaf = Gen.Frequency(
        (4, Text.Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l))),
        (1, Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Bool.Select(_ => (JsonNode?)null)),
        (1, Gen.OneOf(Gen.Const("true"), Gen.Const("null"), Gen.Const("0x10"), Gen.Const("~"), Gen.Const("1e3"), Gen.Const("")).Select(s => (JsonNode?)JsonValue.Create(s))));

    private static readonly Gen<JsonNode?> Tree = Gen.Recursive<JsonNode?>((depth, tree) => depth >= 4
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, Gen.Select(Key, tree).Array[0, 5].Select(kvs =>
            {
                var o = new JsonObject();
                foreach (var (k, v) in kvs)
                {
                    o[k] = v?.DeepClone();
                }

                return (JsonNode?)o;
            })),
            (1, tree.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray())))));

    [Fact]
    public void Random_json_written_as_yaml_loads_back_as_the_same_json()
    {
        Tree.Sample(data =>
        {
            var obj = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = "generated" },
                ["data"] = data?.DeepClone(),
            };
            var yaml = new StringBuilder();
            Emit(obj, 0, yaml);

            var result = new ManifestLoader().LoadText("prop.yaml", yaml.ToString());

            Assert.Empty(result.Errors);
            var loaded = JsonNode.Parse(Assert.Single(result.Objects).Json.GetRawText());
            Assert.True(JsonNode.DeepEquals(obj, loaded), $"YAML:\n{yaml}\nloaded: {loaded?.ToJsonString()}");
        }, iter: 300, threads: 1);
    }

    private static void Emit(JsonNode? node, int indent, StringBuilder sb)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    sb.Append(pad).Append(Quote(k)).Append(':');
                    EmitChild(v, indent, sb);
                }

                break;
            case JsonArray a:
                foreach (var v in a)
                {
                    sb.Append(pad).Append('-');
                    EmitChild(v, indent, sb);
                }

                break;
        }
    }

    private static void EmitChild(JsonNode? v, int indent, StringBuilder sb)
    {
        switch (v)
        {
            case JsonObject { Count: 0 }:
                sb.Append(" {}\n");
                break;
            case JsonArray { Count: 0 }:
                sb.Append(" []\n");
                break;
            case JsonObject or JsonArray:
                sb.Append('\n');
                Emit(v, indent + 2, sb);
                break;
            default:
                sb.Append(' ').Append(Scalar(v)).Append('\n');
                break;
        }
    }

    private static string Scalar(JsonNode? v) => v switch
    {
        null => "null",
        JsonValue s when s.GetValueKind() == JsonValueKind.String => Quote(s.GetValue<string>()),
        JsonValue d when d.TryGetValue<double>(out var x) => x.ToString("R", CultureInfo.InvariantCulture),
        _ => v.ToJsonString(),
    };

    // JSON string escapes are a subset of YAML double-quoted escapes.
    private static string Quote(string s) => JsonSerializer.Serialize(s);
}
