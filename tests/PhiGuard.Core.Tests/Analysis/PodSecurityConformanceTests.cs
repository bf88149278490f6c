using System.Globalization;
using PhiGuard.Core.Analysis.PodSecurity;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Core.Tests.Analysis;

/// <summary>
/// Runs every upstream Pod Security Admission fixture (Conformance/pod-security, every level and version): a
/// <c>pass</c> Pod has no violation, a <c>fail</c> Pod has one, attributed to the check its file name names (or to
/// the restricted check that replaces that baseline check at this version, as upstream reports it).
/// </summary>
public sealed class PodSecurityConformanceTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Conformance", "pod-security");
    private static readonly ManifestLoader Loader = new();

    // Restricted checks that replace a baseline check, and the first version they do (upstream OverrideCheckIDs).
    private static readonly Dictionary<string, (string By, int Since)> Overrides = new(StringComparer.Ordinal)
    {
        ["hostpathvolumes"] = ("restrictedvolumes", 0),
        ["capabilities_baseline"] = ("capabilities_restricted", 22),
        ["seccompprofile_baseline"] = ("seccompprofile_restricted", 19),
        ["procmount"] = ("procmount_restricted", 35),
    };

    public static TheoryData<string, string> LevelsAndVersions()
    {
        var data = new TheoryData<string, string>();
        foreach (var level in new[] { "baseline", "restricted" })
        {
            foreach (var dir in Directory.GetDirectories(Path.Combine(Root, level)).Order(StringComparer.Ordinal))
            {
                data.Add(level, Path.GetFileName(dir));
            }
        }

        return data;
    }

    [Fact]
    public void Every_fixture_is_present()
    {
        // Guards the theory against passing vacuously when the fixtures stop being copied to the output.
        var files = Directory.GetFiles(Root, "*.yaml", SearchOption.AllDirectories);
        Assert.Equal(4537, files.Length);
        Assert.Equal(76, LevelsAndVersions().Count);
    }

    [Theory]
    [MemberData(nameof(LevelsAndVersions))]
    public void Evaluator_agrees_with_upstream(string levelName, string versionName)
    {
        Assert.True(PodSecurityEvaluator.TryParseLevel(levelName, out var level));
        Assert.True(PodSecurityVersion.TryParse(versionName, out var version));
        var dir = Path.Combine(Root, levelName, versionName);
        var disagreements = new List<string>();
        var count = 0;
        foreach (var outcome in new[] { "pass", "fail" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(dir, outcome), "*.yaml").Order(StringComparer.Ordinal))
            {
                count++;
                var pod = LoadPod(file);
                var result = PodSecurityEvaluator.Evaluate(pod.Json.GetObject("metadata"), pod.Json.GetObject("spec")!.Value, level, version.Value);
                var name = Path.GetFileName(file);
                var found = string.Join(", ", result.Violations.Select(v => $"{v.Check}: {v.Detail}"));
                if (outcome == "pass" && !result.Allowed)
                {
                    disagreements.Add($"pass/{name}: refused ({found})");
                }
                else if (outcome == "fail")
                {
                    var check = Path.GetFileNameWithoutExtension(file).TrimEnd("0123456789".ToCharArray());
                    var expected = new List<string> { check };
                    if (level == PodSecurityLevel.Restricted && Overrides.TryGetValue(check, out var o) && version.Value.Minor >= o.Since)
                    {
                        expected.Add(o.By);
                    }

                    if (result.Allowed)
                    {
                        disagreements.Add($"fail/{name}: allowed");
                    }
                    else if (!result.Violations.Any(v => expected.Contains(v.Check.ToLowerInvariant(), StringComparer.Ordinal)))
                    {
                        disagreements.Add($"fail/{name}: refused by {found}, expected {string.Join(" or ", expected)}");
                    }
                }
            }
        }

        Assert.True(count > 10, $"only {count} fixtures in {dir}");
        Assert.True(disagreements.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"{levelName} {versionName}: {disagreements.Count} of {count} disagree:\n") + string.Join("\n", disagreements));
    }

    private static KubeObject LoadPod(string file)
    {
        var loaded = Loader.LoadText(file, File.ReadAllText(file));
        Assert.Empty(loaded.Errors);
        var pod = Assert.Single(loaded.Objects);
        Assert.Equal("Pod", pod.Kind);
        return pod;
    }
}
