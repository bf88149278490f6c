using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Engine;
using PhiGuard.Reports.Docs;

namespace PhiGuard.Controls.Tests;

/// <summary>
/// docs/controls.md and docs/hipaa-matrix.md are generated from the code; these tests fail when the committed
/// files are stale, and rewrite them when PHIGUARD_UPDATE_DOCS=1.
/// </summary>
public sealed class GeneratedDocsTests
{
    private const string Regenerate =
        "PHIGUARD_UPDATE_DOCS=1 dotnet test tests/PhiGuard.Controls.Tests --filter FullyQualifiedName~GeneratedDocsTests";

    [Fact]
    public void Control_reference_is_current() =>
        CheckOrUpdate("docs/controls.md", ControlReference.Render(BuiltInControls.All, HipaaCatalog.Default, Files));

    [Fact]
    public void Hipaa_matrix_is_current() =>
        CheckOrUpdate("docs/hipaa-matrix.md", HipaaMatrix.Render(BuiltInControls.All, HipaaCatalog.Default));

    [Fact]
    public void Control_reference_documents_every_control_and_its_fixtures()
    {
        var doc = ControlReference.Render(BuiltInControls.All, HipaaCatalog.Default, Files);
        foreach (var c in BuiltInControls.All)
        {
            Assert.Contains($"<a id=\"{c.Id}\"></a>", doc, StringComparison.Ordinal);
            Assert.Contains(c.Remediation, doc, StringComparison.Ordinal);
            Assert.All(Fixtures.For(c), f => Assert.Contains($"`{f}`", doc, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Matrix_lists_every_citation_of_every_profile_with_its_controls()
    {
        var doc = HipaaMatrix.Render(BuiltInControls.All, HipaaCatalog.Default);
        foreach (var p in Profile.All)
        {
            Assert.Contains($"## Profile `{p.Id}`", doc, StringComparison.Ordinal);
        }

        Assert.All(HipaaCatalog.Default.Safeguards, s => Assert.Contains($"| {s.Citation} | ", doc, StringComparison.Ordinal));
        // Rows list every control citing the standard; other controls join them over time, so check membership.
        var transmission = Row(doc, "| 164.312(e)(1) | Transmission security | standard |");
        Assert.Contains("`ingress-tls-all-hosts`", transmission, StringComparison.Ordinal);
        Assert.Contains("`control-plane-mtls`", transmission, StringComparison.Ordinal);
        var access = Row(doc, "| 164.312(a)(1) | Access control | standard |");
        Assert.Contains("`cluster-admin-minimal`", access, StringComparison.Ordinal);
        Assert.Contains("`apiserver-anonymous-restricted`", access, StringComparison.Ordinal);
        Assert.Contains("`app-layer-phi-encryption` (manual)", access, StringComparison.Ordinal);
    }

    private static ControlFiles Files(Control c) =>
        new($"src/PhiGuard.Controls/{BuiltInControls.FolderOf(c)}", Fixtures.For(c));

    private static void CheckOrUpdate(string relative, string generated)
    {
        var path = Repo.PathOf(relative);
        if (Environment.GetEnvironmentVariable("PHIGUARD_UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
            return;
        }

        Assert.True(File.Exists(path), $"{relative} is missing; generate it with: {Regenerate}");
        var committed = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(committed == generated, $"{relative} is stale (the controls or catalog changed); regenerate it with: {Regenerate}");
    }

    private static string Row(string doc, string start)
    {
        var line = doc.Split('\n').FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal));
        Assert.True(line is not null, $"no row starting '{start}'");
        return line;
    }
}
