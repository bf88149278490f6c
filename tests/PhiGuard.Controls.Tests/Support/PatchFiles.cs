using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Inventory;
using PhiGuard.Core.Remediation;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Controls.Tests.Support;

/// <summary>
/// Reads patch files back the way a user's kubectl would get them (YAML text, not the in-memory document) and applies
/// them to objects with the in-process appliers.
/// </summary>
internal static class PatchFiles
{
    /// <summary>
    /// Parses patch YAML with the product's own YAML loader, by nesting it under a carrier object (the loader reads
    /// Kubernetes objects only), so scalars are typed exactly as in manifests.
    /// </summary>
    public static JsonNode ReadYaml(string yaml)
    {
        var indented = string.Join("\n", yaml.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));
        var wrapped = $"apiVersion: v1\nkind: PatchCarrier\nmetadata:\n  name: carrier\npatch:\n{indented}";
        var loaded = new ManifestLoader().LoadText("patch.yaml", wrapped);
        if (loaded.Errors.Count > 0)
        {
            throw new InvalidDataException($"patch YAML does not parse: {string.Join("; ", loaded.Errors)}\n{yaml}");
        }

        return JsonNode.Parse(loaded.Objects.Single().Json.GetProperty("patch").GetRawText())!;
    }

    /// <summary>The text of the file <c>phiguard scan --fix-patch</c> writes for a remediation.</summary>
    public static string Text(ObjectRemediation remediation) => remediation.Format switch
    {
        PatchFormat.StrategicMerge => PatchYaml.Write(remediation.Patch!, remediation.Notes),
        PatchFormat.JsonPatch => remediation.Patch!.ToJsonString(),
        _ => throw new InvalidOperationException($"{remediation.Object}: no patch"),
    };

    /// <summary>Applies a patch file's text to an object, as <c>kubectl patch --type strategic|json</c> would.</summary>
    public static KubeObject Apply(KubeObject obj, PatchFormat format, string text)
    {
        var current = JsonNode.Parse(obj.Json.GetRawText())!;
        var patched = format switch
        {
            PatchFormat.StrategicMerge => StrategicMergePatch.Apply((JsonObject)current, (JsonObject)ReadYaml(text)),
            PatchFormat.JsonPatch => JsonPatch.Apply(current, (JsonArray)JsonNode.Parse(text)!),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        return KubeObject.Create(JsonSerializer.SerializeToElement(patched), obj.Source);
    }
}
