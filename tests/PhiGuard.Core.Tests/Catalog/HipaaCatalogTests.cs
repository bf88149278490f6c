using PhiGuard.Core.Catalog;

namespace PhiGuard.Core.Tests.Catalog;

/// <summary>
/// Checks the embedded catalog against an independent transcription of CONTROLS.md section 1 (citation and
/// S = standard with specifications, R = required, A = addressable), and its links to the SP 800-66r2 key activities.
/// </summary>
public sealed class HipaaCatalogTests
{
    /// <summary>Section 1.1-1.5 of CONTROLS.md, with grouped rows split (a standard with no specs is R).</summary>
    private const string CurrentRule = """
        164.308(a)(1)(i) S; 164.308(a)(1)(ii)(A) R; 164.308(a)(1)(ii)(B) R; 164.308(a)(1)(ii)(C) R; 164.308(a)(1)(ii)(D) R;
        164.308(a)(2) R; 164.308(a)(3)(i) S; 164.308(a)(3)(ii)(A) A; 164.308(a)(3)(ii)(B) A; 164.308(a)(3)(ii)(C) A;
        164.308(a)(4)(i) S; 164.308(a)(4)(ii)(A) R; 164.308(a)(4)(ii)(B) A; 164.308(a)(4)(ii)(C) A;
        164.308(a)(5)(i) S; 164.308(a)(5)(ii)(A) A; 164.308(a)(5)(ii)(B) A; 164.308(a)(5)(ii)(C) A; 164.308(a)(5)(ii)(D) A;
        164.308(a)(6)(i) S; 164.308(a)(6)(ii) R; 164.308(a)(7)(i) S; 164.308(a)(7)(ii)(A) R; 164.308(a)(7)(ii)(B) R;
        164.308(a)(7)(ii)(C) R; 164.308(a)(7)(ii)(D) A; 164.308(a)(7)(ii)(E) A; 164.308(a)(8) R;
        164.308(b)(1) S; 164.308(b)(2) R; 164.308(b)(3) R;
        164.310(a)(1) S; 164.310(a)(2)(i) A; 164.310(a)(2)(ii) A; 164.310(a)(2)(iii) A; 164.310(a)(2)(iv) A;
        164.310(b) R; 164.310(c) R; 164.310(d)(1) S; 164.310(d)(2)(i) R; 164.310(d)(2)(ii) R; 164.310(d)(2)(iii) A;
        164.310(d)(2)(iv) A;
        164.312(a)(1) S; 164.312(a)(2)(i) R; 164.312(a)(2)(ii) R; 164.312(a)(2)(iii) A; 164.312(a)(2)(iv) A; 164.312(b) R;
        164.312(c)(1) S; 164.312(c)(2) A; 164.312(d) R; 164.312(e)(1) S; 164.312(e)(2)(i) A; 164.312(e)(2)(ii) A;
        164.314(a)(1) S; 164.314(a)(2)(i) R; 164.314(a)(2)(ii) R; 164.314(a)(2)(iii) R; 164.314(b)(1) S; 164.314(b)(2) R;
        164.316(a) R; 164.316(b)(1) S; 164.316(b)(1)(i) R; 164.316(b)(1)(ii) R; 164.316(b)(2)(i) R; 164.316(b)(2)(ii) R;
        164.316(b)(2)(iii) R
        """;

    /// <summary>CONTROLS.md section 3, N1-N21, with N13 and N19's paragraphs split and N19's standard added.</summary>
    private static readonly string[] Nprm =
    [
        "164.306", "164.316", "164.308(a)(1)", "164.308(a)(2)", "164.308(a)(4)", "164.308(a)(9)(ii)(D)", "164.308(a)(11)",
        "164.308(a)(12)", "164.308(a)(13)", "164.308(a)(14)", "164.308(b)", "164.314(a)(2)(i)(D)", "164.312(a)(2)(i)",
        "164.312(a)(2)(ii)", "164.312(a)(2)(vi)", "164.312(b)", "164.312(c)", "164.312(d)", "164.312(f)", "164.312(h)",
        "164.312(h)(2)(i)", "164.312(h)(2)(iii)", "164.312(i)", "164.312(j)",
    ];

    private static readonly HipaaCatalog Catalog = HipaaCatalog.Default;

    private static Dictionary<string, SafeguardType> Expected() => CurrentRule
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(e => e.Split(' '))
        .ToDictionary(p => p[0], p => p[1] switch
        {
            "S" => SafeguardType.Standard,
            "R" => SafeguardType.Required,
            _ => SafeguardType.Addressable,
        });

    [Fact]
    public void Current_rule_citations_and_types_match_the_specification()
    {
        var actual = Catalog.For(Profile.Hipaa).ToDictionary(s => s.Citation, s => s.Type);
        Assert.Equal(Expected().OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Citations_are_unique_and_in_the_rules_order()
    {
        Assert.Equal(Catalog.Safeguards.Count, Catalog.ByCitation.Count);
        var current = Catalog.For(Profile.Hipaa).Select(s => s.Citation).ToList();
        Assert.Equal(Expected().Keys, current);
    }

    [Fact]
    public void Every_citation_links_to_key_activities()
    {
        Assert.All(Catalog.Safeguards, s => Assert.True(s.KeyActivities.Count > 0, $"{s.Citation} links to no key activity"));
        Assert.Equal(126, Catalog.KeyActivities.Count);
    }

    [Fact]
    public void Every_key_activity_is_reachable_from_a_current_citation()
    {
        var linked = Catalog.For(Profile.Hipaa).SelectMany(s => s.KeyActivities).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(Catalog.KeyActivities.Where(a => !linked.Contains(a.Id)).Select(a => a.Id));
    }

    [Fact]
    public void Specifications_point_at_a_standard_of_their_section()
    {
        foreach (var s in Catalog.Safeguards)
        {
            Assert.True(Catalog.ByCitation.TryGetValue(s.Standard, out var standard), $"{s.Citation}: standard {s.Standard} is not in the catalog");
            Assert.Equal(s.Section, standard.Section);
            Assert.Equal(standard.Citation, standard.Standard);
            if (s.Citation != s.Standard)
            {
                Assert.Equal(SafeguardType.Standard, standard.Type);
            }

            if (s.Type == SafeguardType.Standard)
            {
                Assert.Contains(Catalog.Safeguards, c => c.Citation != s.Citation && c.Standard == s.Citation);
            }
        }
    }

    [Fact]
    public void Specifications_share_their_standards_key_activities()
    {
        Assert.Equal(Catalog.ByCitation["164.312(a)(1)"].KeyActivities, Catalog.ByCitation["164.312(a)(2)(iv)"].KeyActivities);
        Assert.Contains("hipaa-089", Catalog.ByCitation["164.312(a)(2)(iv)"].KeyActivities);
        Assert.Contains("hipaa-057", Catalog.ByCitation["164.308(b)(3)"].KeyActivities);
        Assert.Contains("hipaa-110", Catalog.ByCitation["164.312(e)(2)(ii)"].KeyActivities);
    }

    [Fact]
    public void Nprm_citations_are_separate_and_only_in_the_nprm_profile()
    {
        var nprm = Catalog.Safeguards.Where(s => s.Citation.StartsWith("NPRM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Nprm.Select(c => "NPRM " + c), nprm.Select(s => s.Citation));
        Assert.All(nprm, s =>
        {
            Assert.Equal(["hipaa-nprm-2025"], s.Profiles);
            Assert.False(string.IsNullOrWhiteSpace(s.Confidence));
        });
        Assert.All(Catalog.For(Profile.Hipaa), s =>
        {
            Assert.Equal(["hipaa", "hipaa-nprm-2025"], s.Profiles);
            Assert.Null(s.Confidence);
        });
        Assert.Equal(Catalog.Safeguards.Count, Catalog.For(Profile.HipaaNprm2025).Count());
    }

    [Fact]
    public void Colliding_nprm_paragraph_keeps_its_own_meaning()
    {
        // 164.312(b) is Audit controls today and Encryption in the proposed rule.
        Assert.Equal("Audit controls", Catalog.ByCitation["164.312(b)"].Title);
        Assert.StartsWith("Encryption", Catalog.ByCitation["NPRM 164.312(b)"].Title, StringComparison.Ordinal);
    }
}
