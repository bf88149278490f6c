using System.Globalization;
using System.Text;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Engine;

namespace PhiGuard.Reports.Docs;

/// <summary>
/// Renders the control reference (docs/controls.md) from the controls' own metadata: a pure, deterministic function
/// of the controls, the catalog and the fixture file names, so a test can keep the committed file current.
/// </summary>
public static class ControlReference
{
    /// <summary>Markdown for every control, automated first by area then manual items, each sorted by id.</summary>
    public static string Render(IEnumerable<Control> controls, HipaaCatalog catalog, Func<Control, ControlFiles?> files)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(files);
        var all = controls.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        var automated = all.Where(c => c.Shape != ControlShape.Manual).ToList();
        var manual = all.Where(c => c.Shape == ControlShape.Manual).ToList();
        var sb = new StringBuilder();
        Line(sb, "# PhiGuard control reference");
        Line(sb);
        Line(sb, "<!-- Generated from the control classes by PhiGuard.Reports.Docs.ControlReference. Do not edit by hand: regenerate with");
        Line(sb, "     PHIGUARD_UPDATE_DOCS=1 dotnet test tests/PhiGuard.Controls.Tests --filter FullyQualifiedName~GeneratedDocsTests -->");
        Line(sb);
        Line(sb, string.Create(CultureInfo.InvariantCulture,
            $"{all.Count} controls: {automated.Count} automated ({Count(automated, ControlShape.Workload)} workload, " +
            $"{Count(automated, ControlShape.Resource)} resource, {Count(automated, ControlShape.Cluster)} cluster) and " +
            $"{manual.Count} manual items ({manual.Count(c => c.Evidence == EvidenceKind.Attestation)} attestations, " +
            $"{manual.Count(c => c.Evidence == EvidenceKind.Document)} documents). Workload and resource controls also run at admission."));
        Line(sb);
        Line(sb, "| Id | Title | Severity | Shape | HIPAA citations |");
        Line(sb, "|---|---|---|---|---|");
        foreach (var c in automated.Concat(manual))
        {
            Line(sb, $"| [{Markdown.Code(c.Id)}](#{c.Id}) | {Markdown.Cell(c.Title)} | {c.Severity.ToWire()} | {Shape(c)} | {Markdown.Cell(string.Join(", ", c.Citations))} |");
        }

        Line(sb);
        Line(sb, "## Automated controls");
        foreach (var group in automated.GroupBy(c => Area(files(c))).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Line(sb);
            Line(sb, $"### {group.Key}");
            foreach (var c in group)
            {
                RenderControl(sb, c, catalog, files(c));
            }
        }

        Line(sb);
        Line(sb, "## Manual items (attestations and documents)");
        foreach (var c in manual)
        {
            RenderControl(sb, c, catalog, files(c));
        }

        return sb.ToString();
    }

    private static void RenderControl(StringBuilder sb, Control c, HipaaCatalog catalog, ControlFiles? files)
    {
        Line(sb);
        Line(sb, $"<a id=\"{c.Id}\"></a>");
        Line(sb);
        Line(sb, $"#### {Markdown.Code(c.Id)}: {c.Title}");
        Line(sb);
        Line(sb, $"- Severity: {c.Severity.ToWire()}; shape: {Shape(c)}; evidence: {c.Evidence.ToString().ToLowerInvariant()}");
        if (c is ManualControl m)
        {
            Line(sb, string.Create(CultureInfo.InvariantCulture, $"- Attestation valid for: {m.MaxAgeDays} days"));
        }
        else
        {
            Line(sb, $"- Reads: {Markdown.List(c.Kinds)}");
        }

        Line(sb, $"- HIPAA: {Markdown.List(c.Citations.Select(x => Citation(catalog, x)))}");
        if (c.NprmCitations.Count > 0)
        {
            Line(sb, $"- Proposed rule (profile hipaa-nprm-2025): {Markdown.List(c.NprmCitations.Select(x => Citation(catalog, x)))}");
        }

        Line(sb, $"- NIST SP 800-66r2 key activities: {Markdown.List(c.KeyActivities.Select(a => catalog.ActivitiesById.TryGetValue(a, out var ka) ? $"{a} {ka.Title.Trim()}" : a))}");
        Line(sb, $"- Requirements: {Markdown.List(c.Requirements)}");
        if (files is not null)
        {
            Line(sb, $"- Source: {Markdown.Code($"{files.Folder}/{c.GetType().Name}.cs")}");
        }

        Line(sb);
        if (c is ManualControl manual)
        {
            Line(sb, $"Evidence expected: {manual.EvidenceExpected}");
            Line(sb);
        }

        Line(sb, $"Rationale: {c.Rationale}");
        Line(sb);
        Line(sb, $"Remediation: {c.Remediation}");
        if (c.Remarks is { } remarks)
        {
            Line(sb);
            Line(sb, $"Remarks: {remarks}");
        }

        if (files is { Fixtures.Count: > 0 })
        {
            Line(sb);
            Line(sb, $"Fixtures: {string.Join(", ", files.Fixtures.Select(Markdown.Code))}");
        }
    }

    private static string Citation(HipaaCatalog catalog, string citation) =>
        catalog.ByCitation.TryGetValue(citation, out var s)
            ? $"{citation} {s.Title} ({s.Type.ToString().ToLowerInvariant()})"
            : citation;

    private static string Area(ControlFiles? files)
    {
        if (files is null)
        {
            return "Other";
        }

        var parts = files.Folder.Split('/');
        return parts.Length >= 2 ? parts[^2] : "Other";
    }

    private static string Shape(Control c) => c.Shape.ToString().ToLowerInvariant();

    private static int Count(List<Control> controls, ControlShape shape) => controls.Count(c => c.Shape == shape);

    private static void Line(StringBuilder sb, string text = "") => sb.Append(text).Append('\n');
}
