using System.Globalization;
using System.Text;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Engine;

namespace PhiGuard.Reports.Docs;

/// <summary>
/// Renders the HIPAA matrix (docs/hipaa-matrix.md): for each profile, every citation with the controls mapped to it
/// directly and, for a standard, through its specifications, exactly as the Scanner rolls safeguards up.
/// </summary>
public static class HipaaMatrix
{
    public static string Render(IEnumerable<Control> controls, HipaaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(catalog);
        var all = controls.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        Line(sb, "# HIPAA matrix: citation to controls");
        Line(sb);
        Line(sb, "<!-- Generated from the catalog and the control classes by PhiGuard.Reports.Docs.HipaaMatrix. Do not edit by hand:");
        Line(sb, "     regenerate with PHIGUARD_UPDATE_DOCS=1 dotnet test tests/PhiGuard.Controls.Tests --filter FullyQualifiedName~GeneratedDocsTests -->");
        Line(sb);
        Line(sb, "Type: standard (has implementation specifications), required, addressable. \"Through specifications\" lists the");
        Line(sb, "controls a standard takes from its specifications in the safeguard roll-up. Manual items are marked (manual).");
        foreach (var profile in Profile.All)
        {
            RenderProfile(sb, profile, all, catalog);
        }

        return sb.ToString();
    }

    private static void RenderProfile(StringBuilder sb, Profile profile, List<Control> controls, HipaaCatalog catalog)
    {
        var safeguards = catalog.For(profile).ToList();
        var byCitation = new Dictionary<string, List<Control>>(StringComparer.Ordinal);
        foreach (var c in controls)
        {
            foreach (var cite in (profile.IncludesNprm ? c.Citations.Concat(c.NprmCitations) : c.Citations).Distinct(StringComparer.Ordinal))
            {
                if (!byCitation.TryGetValue(cite, out var list))
                {
                    byCitation[cite] = list = [];
                }

                list.Add(c);
            }
        }

        var rows = safeguards.Select(s =>
        {
            var direct = byCitation.TryGetValue(s.Citation, out var d) ? d : [];
            var viaSpecs = s.Type == SafeguardType.Standard
                ? safeguards.Where(x => x.Citation != s.Citation && x.Standard == s.Standard)
                    .SelectMany(x => byCitation.TryGetValue(x.Citation, out var l) ? l : [])
                    .Where(x => !direct.Contains(x))
                    .DistinctBy(x => x.Id)
                    .OrderBy(x => x.Id, StringComparer.Ordinal)
                    .ToList()
                : [];
            return (Safeguard: s, Direct: direct, ViaSpecs: viaSpecs);
        }).ToList();
        var covered = rows.Count(r => r.Direct.Count + r.ViaSpecs.Count > 0);

        Line(sb);
        Line(sb, $"## Profile `{profile.Id}`: {profile.Title}");
        Line(sb);
        Line(sb, string.Create(CultureInfo.InvariantCulture, $"{covered} of {rows.Count} citations have at least one control or manual item."));
        Line(sb);
        var nprm = profile.IncludesNprm;
        Line(sb, nprm
            ? "| Citation | Title | Type | Controls | Through specifications | Confidence (proposed rule) |"
            : "| Citation | Title | Type | Controls | Through specifications |");
        Line(sb, nprm ? "|---|---|---|---|---|---|" : "|---|---|---|---|---|");
        foreach (var (s, direct, viaSpecs) in rows)
        {
            var line = $"| {s.Citation} | {Markdown.Cell(s.Title)} | {s.Type.ToString().ToLowerInvariant()} | {Names(direct)} | {(s.Type == SafeguardType.Standard ? Names(viaSpecs) : string.Empty)} |";
            Line(sb, nprm ? $"{line} {Markdown.Cell(s.Confidence ?? string.Empty)} |" : line);
        }
    }

    private static string Names(IEnumerable<Control> controls) => Markdown.List(controls
        .OrderBy(c => c.Id, StringComparer.Ordinal)
        .Select(c => c.Shape == ControlShape.Manual ? $"`{c.Id}` (manual)" : $"`{c.Id}`"));

    private static void Line(StringBuilder sb, string text = "") => sb.Append(text).Append('\n');
}
