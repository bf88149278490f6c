using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>A control-plane component (kube-apiserver, etcd, …) as one static or mirror Pod and its parsed flags.</summary>
public sealed class ControlPlaneComponent
{
    internal ControlPlaneComponent(KubeObject pod, string containerPath, ComponentFlags flags)
    {
        Pod = pod;
        ContainerPath = containerPath;
        Flags = flags;
    }

    public KubeObject Pod { get; }

    /// <summary>The container's field path, e.g. <c>spec.containers[0]</c>.</summary>
    public string ContainerPath { get; }

    public ComponentFlags Flags { get; }

    /// <summary>The node the Pod runs on (spec.nodeName, or the node annotation of a snapshot), if known.</summary>
    public string? Node => Pod.Json.GetPath("spec")?.GetString("nodeName") ??
                           (Pod.Annotations.TryGetValue(NodeFiles.NodeAnnotation, out var n) ? n : null);

    /// <summary>Field path for a finding about a flag: the flag's argument, or the container's command.</summary>
    public string PathOf(string flag) => Flags.PathOf(flag, ContainerPath + ".command");

    internal static ControlPlaneComponent? From(KubeObject pod, string binary, IReadOnlySet<string> booleanFlags)
    {
        var i = 0;
        foreach (var container in pod.Json.GetPath("spec")?.GetArray("containers") ?? [])
        {
            var args = new List<(string, string)>();
            var found = false;
            foreach (var field in new[] { "command", "args" })
            {
                var j = 0;
                foreach (var a in container.GetArray(field))
                {
                    if (a.ValueKind == JsonValueKind.String)
                    {
                        var s = a.GetString()!;
                        found |= field == "command" && j == 0 && (s == binary || s.EndsWith("/" + binary, StringComparison.Ordinal));
                        args.Add((s, $"spec.containers[{i}].{field}[{j}]"));
                    }

                    j++;
                }
            }

            if (found || container.GetString("name") == binary)
            {
                return new ControlPlaneComponent(pod, $"spec.containers[{i}]", ComponentFlags.Parse(args, booleanFlags));
            }

            i++;
        }

        return null;
    }
}
