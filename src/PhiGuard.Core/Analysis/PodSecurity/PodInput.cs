using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>The parts of a pod the checks read: its metadata (annotations), spec and every container.</summary>
internal sealed class PodInput
{
    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    public PodInput(JsonElement? metadata, JsonElement spec, string specPath)
    {
        Metadata = metadata;
        Spec = spec;
        SpecPath = specPath;
        var containers = new List<PodContainer>();
        foreach (var list in ContainerLists)
        {
            var i = 0;
            foreach (var c in spec.GetArray(list))
            {
                containers.Add(new PodContainer(c, c.GetString("name") ?? $"#{i}", Join(specPath, $"{list}[{i}]")));
                i++;
            }
        }

        Containers = containers;
    }

    public JsonElement? Metadata { get; }

    public JsonElement Spec { get; }

    public string SpecPath { get; }

    public IReadOnlyList<PodContainer> Containers { get; }

    public JsonElement? PodSecurityContext => Spec.GetObject("securityContext");

    public bool IsWindows => Spec.GetObject("os")?.GetString("name") == "windows";

    public IEnumerable<KeyValuePair<string, string>> Annotations
    {
        get
        {
            if (Metadata?.GetObject("annotations") is not { } a)
            {
                yield break;
            }

            foreach (var p in a.EnumerateObject())
            {
                yield return new(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
            }
        }
    }

    public string Path(string relative) => Join(SpecPath, relative);

    private static string Join(string prefix, string rest) => prefix.Length == 0 ? rest : $"{prefix}.{rest}";
}

/// <summary>One container of a pod with its name and field path.</summary>
internal sealed record PodContainer(JsonElement Json, string Name, string Path)
{
    public JsonElement? SecurityContext => Json.GetObject("securityContext");
}
