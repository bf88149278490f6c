using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Cli.Commands;

/// <summary>
/// <c>phiguard scan --fix-patch DIR</c>: writes one patch per failing object (strategic merge YAML for built-in kinds,
/// RFC 6902 JSON for custom resources) and an index, <c>patches.json</c> and <c>README.md</c>, listing for each object
/// the controls its patch fixes and the failures left to a person. Only files it wrote before are ever replaced.
/// </summary>
internal static class FixPatchWriter
{
    private const string IndexJson = "patches.json";
    private const string IndexMarkdown = "README.md";
    private static readonly UTF8Encoding Utf8 = new(false);

    public static void Write(string dir, ScanResult result, Inventory inventory, IEnumerable<Control> controls, PhiGuardConfig config, Profile profile)
    {
        var plan = RemediationPlanner.Plan(result, new ControlContext(inventory, config, profile, result.ScannedAt), controls);
        Prepare(dir);
        foreach (var o in plan.Objects.Where(o => o.Patch is not null))
        {
            var text = o.Format == PatchFormat.JsonPatch
                ? o.Patch!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"
                : PatchYaml.Write(o.Patch!, Header(o));
            File.WriteAllText(Path.Combine(dir, o.FileName!), text, Utf8);
        }

        File.WriteAllText(Path.Combine(dir, IndexJson), Index(plan).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", Utf8);
        File.WriteAllText(Path.Combine(dir, IndexMarkdown), Markdown(plan), Utf8);
        var manual = plan.Objects.Sum(o => o.Manual.Count) + plan.ClusterManual.Count;
        Terminal.Info($"phiguard: wrote {plan.PatchCount} patch(es) to {dir}; {manual} failure(s) need a person (see {Path.Combine(dir, IndexMarkdown)})");
    }

    /// <summary>
    /// Creates the folder, or clears the files an earlier run wrote there; a folder holding anything else is refused,
    /// so a mistyped path never loses a user's files and stale patches never stay beside new ones.
    /// </summary>
    private static void Prepare(string dir)
    {
        if (File.Exists(dir))
        {
            throw new CliException(ExitCodes.Usage, $"--fix-patch {dir}: is a file; give a folder");
        }

        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
            return;
        }

        var entries = Directory.EnumerateFileSystemEntries(dir).ToList();
        var foreign = entries.Where(e => !IsOurs(e)).ToList();
        if (foreign.Count > 0)
        {
            throw new CliException(ExitCodes.Usage,
                $"--fix-patch {dir}: the folder holds other files ({Path.GetFileName(foreign[0])}{(foreign.Count > 1 ? ", …" : string.Empty)}); give an empty or new folder");
        }

        foreach (var e in entries)
        {
            File.Delete(e);
        }
    }

    private static bool IsOurs(string path)
    {
        var name = Path.GetFileName(path);
        return File.Exists(path) && (name is IndexJson or IndexMarkdown ||
                                     name.EndsWith(".patch.yaml", StringComparison.Ordinal) ||
                                     name.EndsWith(".patch.json", StringComparison.Ordinal));
    }

    private static string Describe(ObjectRef r) => r.Namespace is null ? $"{r.Kind} {r.Name}" : $"{r.Kind} {r.Namespace}/{r.Name}";

    private static string ApplyCommand(ObjectRemediation o)
    {
        var r = o.Object;
        var target = r.Namespace is null ? $"{Resource(r)} {r.Name}" : $"{Resource(r)} {r.Name} -n {r.Namespace}";
        var type = o.Format == PatchFormat.JsonPatch ? "json" : "strategic";
        return $"kubectl patch {target} --type {type} --patch-file {o.FileName}";
    }

    // kubectl accepts kind.version.group (deployment.v1.apps); the bare lower-case kind is enough for core and apps kinds.
    private static string Resource(ObjectRef r)
    {
        var slash = r.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 || r.ApiVersion.StartsWith("apps/", StringComparison.Ordinal) || r.ApiVersion.StartsWith("batch/", StringComparison.Ordinal)
            ? r.Kind.ToLowerInvariant()
            : $"{r.Kind.ToLowerInvariant()}.{r.ApiVersion[(slash + 1)..]}.{r.ApiVersion[..slash]}";
    }

    private static List<string> Header(ObjectRemediation o)
    {
        var lines = new List<string>
        {
            $"PhiGuard remediation for {Describe(o.Object)}{(o.Location is null ? string.Empty : $" ({o.Location})")}",
            $"Fixes: {string.Join(", ", o.ControlsFixed.Concat(o.ControlsPartlyFixed.Select(c => $"{c} (in part)")))}",
            $"Apply: {ApplyCommand(o)}",
            $"   or, to a manifest: kubectl patch --local -f FILE --type strategic --patch-file {o.FileName} -o yaml",
            "Changes:",
        };
        lines.AddRange(o.Changes.Select(c => $"  {c.Change.Path} = {c.Change.ValueText}  [{c.Control}] {c.Change.Why}"));
        if (o.Manual.Count > 0)
        {
            lines.Add($"Not fixed by this patch ({o.Manual.Count}, see {IndexMarkdown}):");
            lines.AddRange(o.Manual.Select(m => $"  [{m.Control}] {(m.Path.Length == 0 ? "(object)" : m.Path)}: {m.Reason}"));
        }

        if (o.Notes.Count > 0)
        {
            lines.Add("Notes:");
            lines.AddRange(o.Notes.Select(n => $"  {n}"));
        }

        return lines;
    }

    private static JsonObject Index(RemediationPlan plan)
    {
        var objects = new JsonArray();
        foreach (var o in plan.Objects)
        {
            objects.Add(new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["apiVersion"] = o.Object.ApiVersion,
                    ["kind"] = o.Object.Kind,
                    ["namespace"] = o.Object.Namespace,
                    ["name"] = o.Object.Name,
                },
                ["source"] = o.Location?.ToString(),
                ["file"] = o.FileName,
                ["format"] = o.Format switch
                {
                    PatchFormat.StrategicMerge => "strategic-merge",
                    PatchFormat.JsonPatch => "json-patch",
                    _ => null,
                },
                ["apply"] = o.FileName is null ? null : ApplyCommand(o),
                ["controlsFixed"] = Strings(o.ControlsFixed),
                ["controlsPartlyFixed"] = Strings(o.ControlsPartlyFixed),
                ["changes"] = new JsonArray(o.Changes.Select(c => (JsonNode)new JsonObject
                {
                    ["control"] = c.Control,
                    ["path"] = c.Change.Path.ToString(),
                    ["value"] = c.Change.Value?.DeepClone(),
                    ["why"] = c.Change.Why,
                }).ToArray()),
                ["manual"] = Manual(o.Manual),
                ["notes"] = Strings(o.Notes),
            });
        }

        return new JsonObject
        {
            ["schemaVersion"] = "phiguard.io/fix-patch/v1",
            ["patches"] = plan.PatchCount,
            ["objects"] = objects,
            ["manual"] = Manual(plan.ClusterManual),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static JsonArray Manual(IEnumerable<ManualItem> items) => new(items.Select(m => (JsonNode)new JsonObject
    {
        ["control"] = m.Control,
        ["path"] = m.Path,
        ["message"] = m.Message,
        ["reason"] = m.Reason,
    }).ToArray());

    private static string Markdown(RemediationPlan plan)
    {
        var sb = new StringBuilder();
        sb.Append("# PhiGuard remediation patches\n\n");
        sb.Append("Each patch makes its object pass the controls listed as fixed; review it, then apply it with the command given ");
        sb.Append("(or to a manifest with `kubectl patch --local -f FILE ... -o yaml`). Failures listed as manual need a person. ");
        sb.Append("Details for tools: `patches.json`.\n\n");
        sb.Append("| object | patch | fixes | manual |\n|---|---|---|---|\n");
        foreach (var o in plan.Objects)
        {
            var fixes = string.Join(", ", o.ControlsFixed.Concat(o.ControlsPartlyFixed.Select(c => $"{c} (in part)")));
            sb.Append($"| {Cell(Describe(o.Object))} | {(o.FileName is null ? "—" : $"[{o.FileName}]({o.FileName})")} | {Cell(fixes.Length == 0 ? "—" : fixes)} | {o.Manual.Count} |\n");
        }

        var manual = plan.Objects.SelectMany(o => o.Manual.Select(m => (Object: Describe(o.Object), Item: m)))
            .Concat(plan.ClusterManual.Select(m => (Object: "(cluster)", Item: m)))
            .ToList();
        if (manual.Count > 0)
        {
            sb.Append("\n## Manual\n\n| control | object | path | finding | why no patch |\n|---|---|---|---|---|\n");
            foreach (var (obj, m) in manual.OrderBy(x => x.Item.Control, StringComparer.Ordinal).ThenBy(x => x.Object, StringComparer.Ordinal))
            {
                sb.Append($"| {m.Control} | {Cell(obj)} | {Cell(m.Path.Length == 0 ? "(object)" : m.Path)} | {Cell(m.Message)} | {Cell(m.Reason)} |\n");
            }
        }

        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
