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
        Assert.Contains("| 164.312(e)(1) | Transmission security | standard | `ingress-tls-all-hosts` |", doc, StringComparison.Ordinal);
        // Controls are listed in id order; others are added by later issues, so only the start of the row is pinned.
        Assert.Contains("| 164.312(a)(1) | Access control | standard | `cluster-admin-minimal`, `netpol-default-deny-ingress`, `psa-restricted-enforced`, `rbac-exec-portforward-restricted`", doc, StringComparison.Ordinal);
        Assert.Contains("`app-layer-phi-encryption` (manual)", doc, StringComparison.Ordinal);
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
}
