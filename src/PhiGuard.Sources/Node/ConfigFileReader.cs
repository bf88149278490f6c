using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PhiGuard.Sources.Node;

/// <summary>
/// Reads a node configuration file (KubeletConfiguration, EncryptionConfiguration, audit Policy, …: YAML or JSON,
/// one document, usually without metadata) into an inventory object named after its node and path.
/// </summary>
internal static class ConfigFileReader
{
    private const long MaxBytes = 4 * 1024 * 1024;

    public static KubeObject? Read(string file, string nodePath, string node, IReadOnlyDictionary<string, string>? extraAnnotations, List<LoadError> errors)
    {
        if (ReadJson(file, errors) is not { } root)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || JsonNode.Parse(root.GetRawText()) is not JsonObject obj)
        {
            errors.Add(new LoadError(file, 1, 1, "expected a mapping (a Kubernetes configuration object)"));
            return null;
        }

        if (obj["kind"] is null || obj["apiVersion"] is null)
        {
            errors.Add(new LoadError(file, 1, 1, "not a Kubernetes configuration file: missing kind or apiVersion"));
            return null;
        }

        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        metadata["name"] ??= $"{node}:{nodePath}";
        var annotations = metadata["annotations"] as JsonObject ?? [];
        metadata["annotations"] = annotations;
        annotations[NodeFiles.NodeAnnotation] = node;
        annotations[NodeFiles.PathAnnotation] = nodePath;
        foreach (var (k, v) in extraAnnotations ?? new Dictionary<string, string>())
        {
            annotations[k] = v;
        }

        using var parsed = JsonDocument.Parse(obj.ToJsonString());
        return KubeObject.TryCreate(parsed.RootElement.Clone(), new SourceLocation(file, 1, 1), out var error)
               ?? Fail(errors, file, error);
    }

    /// <summary>The file's single YAML or JSON document as JSON, or null with the error (file, line, what) added.</summary>
    public static JsonElement? ReadJson(string file, List<LoadError> errors)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            errors.Add(new LoadError(file, 0, 0, "file not found"));
            return null;
        }

        if (info.Length > MaxBytes)
        {
            errors.Add(new LoadError(file, 0, 0, $"file is {info.Length} bytes, over the {MaxBytes}-byte limit for node configuration files"));
            return null;
        }

        JsonElement root;
        var limits = LoaderLimits.Default;
        using (var converter = new YamlToJsonConverter(limits))
        {
            try
            {
                using var reader = new StringReader(File.ReadAllText(file));
                var parser = new Parser(reader);
                parser.MoveNext();
                if (parser.Current is StreamStart)
                {
                    parser.MoveNext();
                }

                if (parser.Current is not DocumentStart start)
                {
                    errors.Add(new LoadError(file, 1, 1, "the file is empty"));
                    return null;
                }

                parser.MoveNext();
                if (converter.Convert(parser, 0, start.Start.Line) is null)
                {
                    errors.Add(new LoadError(file, (int)start.Start.Line, 1, "the file holds no document"));
                    return null;
                }

                root = converter.FlushBatch()[0];
            }
            catch (YamlException ex)
            {
                errors.Add(new LoadError(file, (int)ex.Start.Line, (int)ex.Start.Column, ex.Message));
                return null;
            }
            catch (DocumentException ex)
            {
                errors.Add(new LoadError(file, (int)ex.Line, (int)ex.Column, ex.Message));
                return null;
            }
        }

        return root;
    }

    private static KubeObject? Fail(List<LoadError> errors, string file, string? error)
    {
        errors.Add(new LoadError(file, 1, 1, error ?? "not a Kubernetes object"));
        return null;
    }
}
