using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Remediation;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Cli.Tests;

/// <summary>
/// <c>phiguard scan --fix-patch</c> on the demo cluster: the files and index it writes, and a second scan of the demo
/// with every patch applied, in which the controls each patch claims to fix no longer fail on its object.
/// </summary>
public sealed class FixPatchTests
{
    [Fact]
    public void Patches_for_the_demo_are_written_indexed_and_make_their_objects_pass()
    {
        using var tmp = new TempDir();
        var patches = Path.Combine(tmp.Path, "patches");
        var r = CliRunner.Run(["scan", "examples/clinic", "--fix-patch", patches, "--format", "json", "-o", Path.Combine(tmp.Path, "before.json"), "--fail-on", "never"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("patch(es) to", r.Stderr, StringComparison.Ordinal);

        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(patches, "patches.json")))!.AsObject();
        Assert.Equal("phiguard.io/fix-patch/v1", index["schemaVersion"]!.GetValue<string>());
        var entries = index["objects"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var files = entries.Where(e => e["file"] is not null).Select(e => e["file"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(index["patches"]!.GetValue<int>(), files.Count);
        Assert.Equal(
            files.Append("README.md").Append("patches.json").Order(StringComparer.Ordinal),
            Directory.GetFiles(patches).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.ReadAllText(Path.Combine(patches, "README.md")).Contains("deployment.ehr-prod.ehr-web.patch.yaml", StringComparison.Ordinal));

        // The init container of ehr-web gets a read-only root, picked by name; its unpinned image stays manual.
        var web = Entry(entries, "Deployment", "ehr-prod", "ehr-web");
        Assert.Equal("deployment.ehr-prod.ehr-web.patch.yaml", web["file"]!.GetValue<string>());
        Assert.Equal("strategic-merge", web["format"]!.GetValue<string>());
        Assert.Contains("readonly-root-filesystem", Strings(web["controlsFixed"]));
        Assert.Contains(web["changes"]!.AsArray(), c => c!["path"]!.GetValue<string>() ==
            "spec.template.spec.initContainers[name=copy-assets].securityContext.readOnlyRootFilesystem");
        Assert.Contains(web["manual"]!.AsArray(), m => m!["control"]!.GetValue<string>() == "approved-registries-digests");
        var billing = Entry(entries, "Namespace", null, "billing");
        Assert.Contains("psa-restricted-enforced", Strings(billing["controlsFixed"]));

        // The waived readonly-root finding of the fax gateway is not patched: a waiver is a decision already taken.
        var fax = Entry(entries, "Deployment", "billing", "legacy-fax-gateway");
        Assert.DoesNotContain("readonly-root-filesystem", Strings(fax["controlsFixed"]));

        // Apply every patch to the demo's objects, write them out with the demo's config, and scan again.
        var demo = new ManifestLoader().Load([Path.Combine(CliRunner.RepoRoot, "examples/clinic")], TextReader.Null);
        Assert.Empty(demo.Errors);
        var items = new JsonArray();
        foreach (var o in demo.Objects)
        {
            var node = JsonNode.Parse(o.Json.GetRawText())!.AsObject();
            var entry = entries.SingleOrDefault(e => Same(e, o.Kind, o.Namespace, o.Name));
            if (entry?["file"] is { } file)
            {
                var text = File.ReadAllText(Path.Combine(patches, file.GetValue<string>()));
                node = entry["format"]!.GetValue<string>() == "json-patch"
                    ? JsonPatch.Apply(node, JsonNode.Parse(text)!.AsArray()).AsObject()
                    : StrategicMergePatch.Apply(node, ReadPatchYaml(text));
            }

            items.Add(node);
        }

        var patchedDir = Path.Combine(tmp.Path, "patched");
        Directory.CreateDirectory(patchedDir);
        File.WriteAllText(Path.Combine(patchedDir, "all.json"), new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items }.ToJsonString());
        File.Copy(Path.Combine(CliRunner.RepoRoot, "examples/clinic/phiguard.yaml"), Path.Combine(patchedDir, "phiguard.yaml"));
        var after = CliRunner.Run(["scan", patchedDir, "--format", "json", "--fail-on", "never"]);
        Assert.True(after.ExitCode == 0, after.ToString());
        var failures = JsonDocument.Parse(after.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("status").GetString() == "fail" && f.GetProperty("object").ValueKind == JsonValueKind.Object)
            .Select(f => (Kind: f.GetProperty("object").GetProperty("kind").GetString()!,
                          Ns: f.GetProperty("object").TryGetProperty("namespace", out var ns) ? ns.GetString() : null,
                          Name: f.GetProperty("object").GetProperty("name").GetString()!,
                          Control: f.GetProperty("control").GetString()!,
                          Path: f.GetProperty("path").GetString()!))
            .ToList();

        var claims = 0;
        foreach (var e in entries)
        {
            var obj = e["object"]!;
            var (kind, ns, name) = (obj["kind"]!.GetValue<string>(), obj["namespace"]?.GetValue<string>(), obj["name"]!.GetValue<string>());
            var left = failures.Where(f => f.Kind == kind && f.Ns == ns && f.Name == name).ToList();
            foreach (var control in Strings(e["controlsFixed"]))
            {
                claims++;
                Assert.True(!left.Any(f => f.Control == control), $"{kind} {ns}/{name} still fails {control} after its patch: " +
                    string.Join("; ", left.Where(f => f.Control == control).Select(f => f.Path)));
            }

            var manualPaths = e["manual"]!.AsArray().Select(m => (m!["control"]!.GetValue<string>(), m["path"]!.GetValue<string>())).ToHashSet();
            foreach (var control in Strings(e["controlsPartlyFixed"]))
            {
                Assert.All(left.Where(f => f.Control == control), f => Assert.Contains((control, f.Path), manualPaths));
            }
        }

        Assert.True(claims >= 10, $"only {claims} fixed (object, control) pairs claimed on the demo");
    }

    [Fact]
    public void A_folder_holding_other_files_is_refused()
    {
        using var tmp = new TempDir();
        using var reports = new TempDir();
        tmp.File("notes.txt", "mine");
        var r = CliRunner.Run(["scan", "examples/clinic", "--fix-patch", tmp.Path, "--fail-on", "never", "-o", Path.Combine(reports.Path, "report.txt")]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("notes.txt", r.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "notes.txt")));
    }

    private static JsonObject Entry(List<JsonObject> entries, string kind, string? ns, string name) =>
        entries.Single(e => Same(e, kind, ns, name));

    private static bool Same(JsonObject entry, string kind, string? ns, string name)
    {
        var o = entry["object"]!;
        return o["kind"]!.GetValue<string>() == kind && o["namespace"]?.GetValue<string>() == ns && o["name"]!.GetValue<string>() == name;
    }

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<string>()).ToList();

    /// <summary>Reads patch YAML with the product's YAML loader, nested under a carrier object (it reads Kubernetes objects only).</summary>
    private static JsonObject ReadPatchYaml(string yaml)
    {
        var indented = string.Join("\n", yaml.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));
        var loaded = new ManifestLoader().LoadText("patch.yaml", $"apiVersion: v1\nkind: PatchCarrier\nmetadata:\n  name: carrier\npatch:\n{indented}");
        Assert.Empty(loaded.Errors);
        return JsonNode.Parse(loaded.Objects.Single().Json.GetProperty("patch").GetRawText())!.AsObject();
    }
}
