using System.Text.Json;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// A kubelet's effective settings as the kubelet resolves them: a command-line flag (from the node's kubelet
/// arguments, kept on the KubeletConfiguration as <see cref="ArgsAnnotation"/>) overrides the configuration file,
/// and an absent field takes the KubeletConfiguration v1beta1 default.
/// </summary>
internal sealed class KubeletSettings
{
    /// <summary>A JSON array of the kubelet's command-line arguments, added by the node snapshot loader.</summary>
    public const string ArgsAnnotation = "phiguard.io/kubelet-args";

    private readonly ComponentFlags flags;

    public KubeletSettings(KubeObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        var args = new List<(string, string)>();
        if (config.Annotations.TryGetValue(ArgsAnnotation, out var json))
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                foreach (var a in doc.RootElement.EnumerateArray())
                {
                    args.Add((a.GetString() ?? string.Empty, FieldPath.Annotation(ArgsAnnotation)));
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // A malformed annotation is treated as no flags; the file's values still count.
            }
        }

        flags = ComponentFlags.Parse(args, new HashSet<string>(StringComparer.Ordinal)
        {
            "anonymous-auth", "authentication-token-webhook", "rotate-certificates", "rotate-server-certificates",
        });
    }

    public KubeObject Config { get; }

    public string Node => Config.Annotations.TryGetValue(NodeFiles.NodeAnnotation, out var n) ? n : Config.Name;

    /// <summary>A setting: the flag if given, else the file field, else the default; with where it came from.</summary>
    public Setting Get(string flag, string field, string? defaultValue)
    {
        if (flags.Last(flag) is { } f)
        {
            return new Setting(f.Value, $"flag --{flag}", f.Path);
        }

        if (Config.Json.GetPath(field) is { } e && e.ValueKind != JsonValueKind.Null)
        {
            var v = e.ValueKind switch
            {
                JsonValueKind.String => e.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => e.GetRawText(),
            };
            return new Setting(v, field, field);
        }

        return new Setting(defaultValue, $"{field} (unset, default {defaultValue ?? "none"})", field);
    }

    /// <summary>A list setting (flag comma-separated, or a file array).</summary>
    public (IReadOnlyList<string> Values, string Path) GetList(string flag, string field)
    {
        if (flags.IsSet(flag))
        {
            return (flags.List(flag), flags.PathOf(flag, field));
        }

        var path = field.Split('.');
        var parent = path.Length > 1 ? Config.Json.GetPath(string.Join('.', path[..^1])) : Config.Json;
        var items = parent?.GetArray(path[^1]).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray() ?? [];
        return (items, field);
    }

    internal sealed record Setting(string? Value, string Source, string Path);
}
