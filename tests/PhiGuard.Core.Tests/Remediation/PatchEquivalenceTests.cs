using System.Text.Json.Nodes;
using CsCheck;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Core.Tests.Remediation;

/// <summary>
/// The two patch forms say the same thing: for any pod template and any set of changes on it, applying the JSON patch
/// built against the object gives the same object as applying the strategic merge patch.
/// </summary>
public sealed class PatchEquivalenceTests
{
    private static readonly string[] Names = ["app", "sidecar", "init"];
    private static readonly string[] Fields = ["securityContext.readOnlyRootFilesystem", "securityContext.privileged", "securityContext.capabilities.drop", "securityContext.seccompProfile.type", "securityContext.runAsUser", "image"];
    private static readonly string[] PodFields = ["hostNetwork", "securityContext.runAsNonRoot", "securityContext.seccompProfile.type", "automountServiceAccountToken"];

    private static readonly Gen<JsonNode?> Value = Gen.Frequency(
        (3, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Int[0, 2000].Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.OneOf(Gen.Const("RuntimeDefault"), Gen.Const("Unconfined")).Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.Bool.Select(_ => (JsonNode?)new JsonArray("ALL"))),
        (1, Gen.Bool.Select(_ => (JsonNode?)null)));

    // A container with some of the fields set (the changes may then add, replace or remove them).
    private static readonly Gen<JsonObject> Container = Gen.Select(Gen.Int[0, 2], Value.Array[Fields.Length], Gen.Bool.Array[Fields.Length],
        (n, values, present) =>
        {
            var c = new JsonObject { ["name"] = Names[n] };
            for (var i = 0; i < Fields.Length; i++)
            {
                if (present[i] && values[i] is { } v)
                {
                    Put(c, Fields[i], v);
                }
            }

            return c;
        });

    private static readonly Gen<(JsonObject Pod, List<PatchChange> Changes)> Case =
        Container.Array[1, 3].SelectMany(containers =>
        {
            var distinct = containers.DistinctBy(c => c["name"]!.GetValue<string>()).ToArray();
            var pod = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(distinct.Select(c => (JsonNode)c).ToArray()) } };
            var containerChange = Gen.Select(Gen.Int[0, distinct.Length - 1], Gen.Int[0, Fields.Length - 1], Value,
                (c, f, v) => new PatchChange(PatchPath.Of("spec").Item("containers", "name", distinct[c]["name"]!.GetValue<string>()).Fields(Fields[f]), v, "x"));
            var podChange = Gen.Select(Gen.Int[0, PodFields.Length - 1], Value, (f, v) => new PatchChange(PatchPath.Of("spec").Fields(PodFields[f]), v, "x"));
            return Gen.Frequency((3, containerChange), (1, podChange)).Array[0, 6]
                .Select(changes => (pod, changes.DistinctBy(c => c.Path).Where(c => !Prefixed(c, changes)).ToList()));
        });

    [Fact]
    public void Json_patch_and_strategic_merge_patch_give_the_same_object()
    {
        Case.Sample(t =>
        {
            var merged = StrategicMergePatch.Apply(t.Pod, StrategicMergePatch.Build(t.Pod, t.Changes));
            var patched = JsonPatch.Apply(t.Pod, JsonPatch.Build(t.Pod, t.Changes));
            return JsonNode.DeepEquals(merged, patched);
        }, iter: 2000);
    }

    // One change inside another's field (a.b set and a.b.c set) is not something a remediation produces.
    private static bool Prefixed(PatchChange c, PatchChange[] all) =>
        all.Any(o => o.Path != c.Path && (o.Path.Contains(c.Path) || c.Path.Contains(o.Path)));

    private static void Put(JsonObject o, string dotted, JsonNode value)
    {
        var parts = dotted.Split('.');
        var node = o;
        foreach (var p in parts[..^1])
        {
            if (node[p] is not JsonObject child)
            {
                child = new JsonObject();
                node[p] = child;
            }

            node = child;
        }

        node[parts[^1]] = value.DeepClone();
    }
}
