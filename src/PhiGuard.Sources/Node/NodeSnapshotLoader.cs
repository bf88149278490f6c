using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Sources.Node;

/// <summary>
/// Reads a node snapshot: a folder that mirrors node paths (<c>etc/kubernetes/manifests/*.yaml</c>,
/// <c>var/lib/kubelet/config.yaml</c>, the files the API server's flags name, <c>proc/sys/crypto/fips_enabled</c>)
/// into inventory objects: static Pods, KubeletConfiguration, EncryptionConfiguration, audit Policy,
/// Authentication/AuthorizationConfiguration (tagged with node and path) and a <c>phiguard.io NodeSnapshot</c>.
/// </summary>
public static class NodeSnapshotLoader
{
    /// <summary>API server flags that name configuration files the controls read.</summary>
    public static readonly IReadOnlyList<string> ApiServerFileFlags =
        ["encryption-provider-config", "audit-policy-file", "authentication-config", "authorization-config"];

    /// <summary>Files holding kubelet arguments (kubeadm and distribution defaults), read in this order.</summary>
    private static readonly string[] KubeletArgFiles = ["var/lib/kubelet/kubeadm-flags.env", "etc/default/kubelet", "etc/sysconfig/kubelet"];

    public static LoadResult Load(string folder, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var errors = new List<LoadError>();
        var objects = new List<KubeObject>();
        if (!Directory.Exists(folder))
        {
            errors.Add(new LoadError(folder, 0, 0, "node snapshot folder not found"));
            return new LoadResult(objects, errors, [], InventoryOrigin.Manifests, ClusterFacts.None, [folder]);
        }

        var node = NodeName(folder);
        var manifests = Path.Combine(folder, "etc", "kubernetes", "manifests");
        if (Directory.Exists(manifests))
        {
            var files = Directory.EnumerateFiles(manifests).Where(ManifestLoader.IsManifestFile).Order(StringComparer.Ordinal).ToArray();
            var loaded = new ManifestLoader().Load(files, null, ct);
            errors.AddRange(loaded.Errors);
            foreach (var pod in loaded.Objects)
            {
                objects.Add(Tag(pod, node));
            }
        }

        var kubelet = Path.Combine(folder, "var", "lib", "kubelet", "config.yaml");
        if (File.Exists(kubelet))
        {
            var args = KubeletArgs(folder);
            var extra = args.Count == 0
                ? null
                : new Dictionary<string, string>(StringComparer.Ordinal) { ["phiguard.io/kubelet-args"] = JsonSerializer.Serialize(args, StringListContext.Default.ListString) };
            if (ConfigFileReader.Read(kubelet, "/var/lib/kubelet/config.yaml", node, extra, errors) is { } k)
            {
                objects.Add(k);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var view = ControlPlaneView.Of(new Inventory(objects));
        foreach (var api in view.ApiServers)
        {
            foreach (var flag in ApiServerFileFlags)
            {
                if (api.Flags.Value(flag) is { Length: > 0 } path && seen.Add(NodeFiles.Normalise(path)))
                {
                    var local = Path.Combine(folder, NodeFiles.Normalise(path).TrimStart('/'));
                    if (File.Exists(local) && ConfigFileReader.Read(local, NodeFiles.Normalise(path), node, null, errors) is { } f)
                    {
                        objects.Add(f);
                    }
                }
            }
        }

        objects.Add(Snapshot(folder, node, errors));
        return new LoadResult(objects, errors, [], InventoryOrigin.Manifests, ClusterFacts.None, [folder]);
    }

    /// <summary>The node's name: <c>etc/hostname</c> in the snapshot, else the folder's name.</summary>
    private static string NodeName(string folder)
    {
        var hostname = Path.Combine(folder, "etc", "hostname");
        if (File.Exists(hostname) && File.ReadLines(hostname).FirstOrDefault()?.Trim() is { Length: > 0 and < 254 } h)
        {
            return h;
        }

        return Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
    }

    private static KubeObject Tag(KubeObject pod, string node)
    {
        if (JsonNode.Parse(pod.Json.GetRawText()) is not JsonObject obj)
        {
            return pod;
        }

        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        var annotations = metadata["annotations"] as JsonObject ?? [];
        metadata["annotations"] = annotations;
        annotations[NodeFiles.NodeAnnotation] = node;
        metadata["namespace"] ??= "kube-system";
        using var doc = JsonDocument.Parse(obj.ToJsonString());
        return KubeObject.Create(doc.RootElement.Clone(), pod.Source);
    }

    /// <summary>Kubelet arguments from the environment files kubeadm and distributions use (later files override earlier ones by position).</summary>
    private static List<string> KubeletArgs(string folder)
    {
        var args = new List<string>();
        foreach (var rel in KubeletArgFiles)
        {
            var file = Path.Combine(folder, rel);
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file))
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }

                var value = line[(eq + 1)..].Trim().Trim('"', '\'');
                args.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return args;
    }

    private static KubeObject Snapshot(string folder, string node, List<LoadError> errors)
    {
        var spec = new JsonObject();
        if (ReadFacts(folder, errors) is { } nodeFacts)
        {
            spec[NodeFacts.SnapshotField] = nodeFacts;
        }

        var fips = Path.Combine(folder, "proc", "sys", "crypto", "fips_enabled");
        if (File.Exists(fips) && int.TryParse(File.ReadAllText(fips).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var f))
        {
            spec["fipsEnabled"] = f == 1;
        }

        var facts = Path.Combine(folder, "phiguard-node.json");
        if (File.Exists(facts) && new FileInfo(facts).Length < 1024 * 1024)
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(facts)) is JsonObject collected)
                {
                    spec["collected"] = collected;
                }
            }
            catch (JsonException)
            {
                // The facts file is optional; a damaged one is ignored rather than failing the snapshot.
            }
        }

        var obj = new JsonObject
        {
            ["apiVersion"] = "phiguard.io/v1alpha1",
            ["kind"] = "NodeSnapshot",
            ["metadata"] = new JsonObject
            {
                ["name"] = node,
                ["annotations"] = new JsonObject { [NodeFiles.NodeAnnotation] = node },
            },
            ["spec"] = spec,
        };
        using var doc = JsonDocument.Parse(obj.ToJsonString());
        return KubeObject.Create(doc.RootElement.Clone(), new SourceLocation(folder));
    }

    /// <summary>
    /// The collector's <c>phiguard/node-facts.json</c> (schema <see cref="NodeFacts.SchemaV1"/>), validated; a
    /// malformed file is a load error naming file, line and fault, and contributes no facts. When the facts state no
    /// clock, node_exporter metrics in <c>phiguard/node-exporter.prom</c> may supply it.
    /// </summary>
    private static JsonNode? ReadFacts(string folder, List<LoadError> errors)
    {
        NodeFacts? facts = null;
        var file = Path.Combine(folder, NodeFacts.FileName);
        if (File.Exists(file))
        {
            if (new FileInfo(file).Length > 1024 * 1024)
            {
                errors.Add(new LoadError(file, 0, 0, "node facts file is over 1 MiB"));
            }
            else
            {
                try
                {
                    facts = NodeFacts.Parse(File.ReadAllText(file));
                }
                catch (JsonException ex)
                {
                    errors.Add(new LoadError(file, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, $"invalid node facts: {ex.Message}"));
                }
            }
        }

        var metrics = Path.Combine(folder, NodeExporterClock.FileName);
        if (facts?.Clock is null && File.Exists(metrics))
        {
            if (new FileInfo(metrics).Length > 16 * 1024 * 1024)
            {
                errors.Add(new LoadError(metrics, 0, 0, "node_exporter metrics file is over 16 MiB"));
            }
            else if (NodeExporterClock.Parse(File.ReadAllText(metrics)) is { } clock)
            {
                facts = (facts ?? new NodeFacts()) with { Clock = clock };
            }
        }

        return facts is null ? null : JsonNode.Parse(facts.ToJson());
    }
}
