using System.Text.RegularExpressions;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Tests;

/// <summary>
/// Keeps every control well-formed: frozen, unique kebab-case ids as CONTROLS.md specifies them; citations that
/// exist in the catalog; rationale, remediation, S rows and key activities; fixtures beside automated controls; and
/// every HIPAA citation of the default profile covered by a control or a manual item (or visibly planned).
/// </summary>
public sealed partial class ConventionTests
{
    /// <summary>
    /// Citations of the <c>hipaa</c> profile that no implemented control covers yet, with the CONTROLS.md control
    /// planned to cover each. An entry must be removed when its control lands (the test fails on stale entries).
    /// </summary>
    private static readonly Dictionary<string, string> CoveredByLaterIssues = new(StringComparer.Ordinal)
    {
        ["164.308(a)(7)(ii)(A)"] = "backup-schedule-covers-phi",
        ["164.308(a)(7)(ii)(E)"] = "workload-criticality-declared",
        ["164.310(d)(2)(iv)"] = "backup-schedule-covers-phi",
        ["164.312(e)(2)(i)"] = "mesh-mtls-strict",
        ["164.316(b)(1)(ii)"] = "evidence-store-worm-signed",
        ["164.316(b)(2)(i)"] = "audit-retention-6y",
    };

    /// <summary>Citations of the <c>hipaa</c> profile for which CONTROLS.md plans no control at all, and why.</summary>
    private static readonly Dictionary<string, string> NoControlPlanned = new(StringComparer.Ordinal)
    {
        ["164.308(a)(4)(ii)(A)"] = "isolating health care clearinghouse functions applies only when a clearinghouse is hosted",
        ["164.314(b)(1)"] = "requirements for group health plans do not apply to a hosting platform",
        ["164.314(b)(2)"] = "group health plan documents do not apply to a hosting platform",
    };

    private static readonly HipaaCatalog Catalog = HipaaCatalog.Default;

    public static TheoryData<string> ControlIds()
    {
        var data = new TheoryData<string>();
        foreach (var c in BuiltInControls.All)
        {
            data.Add(c.Id);
        }

        return data;
    }

    [Fact]
    public void Ids_are_unique_and_kebab_case()
    {
        var ids = BuiltInControls.All.Select(c => c.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(KebabCase(), id));
    }

    [Fact]
    public void Frozen_id_list_is_well_formed()
    {
        // The copy of CONTROLS.md's ids: 94 automated controls and 28 attestation/document items, none repeated.
        var rows = FrozenId.All;
        Assert.Equal(94, rows.Count(r => !r.IsManualItem && !r.IsAddedByIssue));
        Assert.Equal(28, rows.Count(r => r.IsManualItem));
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(rows, r => Assert.Matches(KebabCase(), r.Id));
    }

    [Fact]
    public void Every_attestation_and_document_item_is_a_manual_control()
    {
        var manual = BuiltInControls.All.OfType<ManualControl>().Select(c => c.Id).Order(StringComparer.Ordinal);
        var specified = FrozenId.All.Where(r => r.IsManualItem).Select(r => r.Id).Order(StringComparer.Ordinal);
        Assert.Equal(specified, manual);
    }

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Control_matches_its_frozen_specification(string id)
    {
        var control = BuiltInControls.Find(id)!;
        var spec = FrozenId.All.SingleOrDefault(r => r.Id == id);
        Assert.True(spec is not null, $"{id} is not a frozen id of CONTROLS.md");
        Assert.Equal(spec.Requirements.Order(StringComparer.Ordinal), control.Requirements.Order(StringComparer.Ordinal));
        Assert.All(control.Requirements, s => Assert.Matches(RequirementRow(), s));
        if (spec.IsManualItem)
        {
            var manual = Assert.IsAssignableFrom<ManualControl>(control);
            Assert.Equal(spec.Evidence, manual.Evidence.ToString().ToLowerInvariant());
            Assert.Contains(manual.MaxAgeDays, new[] { 31, 92, 365 });
            Assert.False(string.IsNullOrWhiteSpace(manual.EvidenceExpected));
        }
        else
        {
            Assert.IsNotType<ManualControl>(control, exactMatch: false);
            Assert.Equal(EvidenceKind.Automated, control.Evidence);
            Assert.Equal(spec.Severity, control.Severity.ToWire());
            Assert.NotEmpty(control.Kinds);
        }
    }

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Control_has_metadata_and_catalog_citations(string id)
    {
        var control = BuiltInControls.Find(id)!;
        Assert.False(string.IsNullOrWhiteSpace(control.Title));
        Assert.False(string.IsNullOrWhiteSpace(control.Rationale));
        Assert.False(string.IsNullOrWhiteSpace(control.Remediation));
        Assert.NotEmpty(control.Citations);
        foreach (var cite in control.Citations)
        {
            Assert.True(Catalog.ByCitation.TryGetValue(cite, out var s), $"{id}: citation {cite} is not in the catalog");
            Assert.Contains("hipaa", s.Profiles);
        }

        foreach (var cite in control.NprmCitations)
        {
            Assert.True(Catalog.ByCitation.TryGetValue(cite, out var s), $"{id}: NPRM citation {cite} is not in the catalog");
            Assert.Equal(["hipaa-nprm-2025"], s.Profiles);
        }
    }

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Key_activities_exist_and_belong_to_cited_standards(string id)
    {
        var control = BuiltInControls.Find(id)!;
        Assert.NotEmpty(control.KeyActivities);
        var ofCitations = control.Citations.Concat(control.NprmCitations)
            .SelectMany(c => Catalog.ByCitation[c].KeyActivities)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var ka in control.KeyActivities)
        {
            Assert.True(Catalog.ActivitiesById.ContainsKey(ka), $"{id}: key activity {ka} is not in the SP 800-66r2 catalog");
            Assert.True(ofCitations.Contains(ka), $"{id}: key activity {ka} belongs to none of the standards it cites");
        }
    }

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Control_lives_in_its_folder_with_fixtures(string id)
    {
        var control = BuiltInControls.Find(id)!;
        var folder = BuiltInControls.FolderOf(control);
        var source = Repo.PathOf($"src/PhiGuard.Controls/{folder}/{control.GetType().Name}.cs");
        Assert.True(File.Exists(source), $"{id}: expected its class at {source}");
        var fixtures = Fixtures.For(control);
        if (control is ManualControl)
        {
            Assert.StartsWith("Governance/", folder, StringComparison.Ordinal);
            Assert.Empty(fixtures);
        }
        else
        {
            Assert.Contains(fixtures, f => f.StartsWith("pass.", StringComparison.Ordinal));
            Assert.Contains(fixtures, f => f.StartsWith("fail.", StringComparison.Ordinal));
            Assert.All(fixtures, f => Assert.Matches(FixtureName(), f));
        }
    }

    [Fact]
    public void Every_fixture_folder_belongs_to_a_control()
    {
        var orphans = Fixtures.All.Where(f => Fixtures.ControlFor(f) is null).ToList();
        Assert.True(orphans.Count == 0, "fixtures in folders no control class matches: " + string.Join(", ", orphans));
    }

    [Fact]
    public void Every_hipaa_citation_has_a_control_or_is_listed_as_planned()
    {
        var uncovered = UncoveredCitations(Profile.Hipaa);
        var listed = CoveredByLaterIssues.Keys.Concat(NoControlPlanned.Keys).ToHashSet(StringComparer.Ordinal);
        var unlisted = uncovered.Where(c => !listed.Contains(c)).ToList();
        var stale = listed.Where(c => !uncovered.Contains(c)).ToList();
        Assert.True(unlisted.Count == 0, "citations with no control and no planned control: " + string.Join(", ", unlisted));
        Assert.True(stale.Count == 0, "listed as uncovered but now covered (remove from the list): " + string.Join(", ", stale));
    }

    [Fact]
    public void Planned_controls_are_frozen_ids_not_yet_implemented()
    {
        var implemented = BuiltInControls.All.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (cite, planned) in CoveredByLaterIssues)
        {
            Assert.True(Catalog.ByCitation.ContainsKey(cite), cite);
            Assert.Contains(FrozenId.All, r => r.Id == planned);
            Assert.DoesNotContain(planned, implemented);
        }
    }

    /// <summary>
    /// Citations of a profile with no control: a citation is covered when a control cites it, and a standard also
    /// when a control cites one of its specifications (as the Scanner rolls it up).
    /// </summary>
    private static HashSet<string> UncoveredCitations(Profile profile)
    {
        var cited = BuiltInControls.All
            .SelectMany(c => profile.IncludesNprm ? c.Citations.Concat(c.NprmCitations) : c.Citations)
            .ToHashSet(StringComparer.Ordinal);
        var safeguards = Catalog.For(profile).ToList();
        return safeguards
            .Where(s => !cited.Contains(s.Citation) &&
                        !(s.Type == SafeguardType.Standard && safeguards.Any(c => c.Standard == s.Standard && cited.Contains(c.Citation))))
            .Select(s => s.Citation)
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)+$")]
    private static partial Regex KebabCase();

    [GeneratedRegex("^S([1-9]|[1-3][0-9]|4[0-4])$")]
    private static partial Regex RequirementRow();

    [GeneratedRegex(@"^(pass|fail)\.[a-z0-9]+(-[a-z0-9]+)*\.yaml$")]
    private static partial Regex FixtureName();
}
