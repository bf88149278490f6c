using System.Text;
using PhiGuard.Core.Engine;
using PhiGuard.Reports.Internal;

namespace PhiGuard.Reports;

/// <summary>
/// Markdown for pull requests and wikis: the summary, a status table per safeguard section, failing controls with
/// their findings and remediation, waived findings, manual items, waivers, load errors and gaps.
/// </summary>
internal sealed class MarkdownRenderer : IReportRenderer
{
    public string Format => "markdown";

    public string FileExtension => ".md";

    /// <summary>
    /// Text made inert for Markdown: HTML-encoded (no raw tags reach a renderer) and Markdown punctuation escaped,
    /// on one line so it can sit in a table cell.
    /// </summary>
    public static string Inline(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(value.Length + 8);
        foreach (var ch in value.ReplaceLineEndings(" "))
        {
            switch (ch)
            {
                // Only the characters that start HTML are encoded, so "§" and "·" stay readable in the source.
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~':
                    sb.Append('\\').Append(ch);
                    break;
                default: sb.Append(ch); break;
            }
        }

        return sb.ToString();
    }

    public void Render(ScanResult result, RenderOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var view = new ReportView(result, options);
        var md = new StringBuilder();
        var r = view.Result;

        md.Append("# PhiGuard HIPAA report\n\n");
        md.Append("| | |\n|---|---|\n");
        Row(md, "Profile", Inline(r.Profile.Title));
        Row(md, "Inputs", r.Inputs.Count == 0 ? "—" : string.Join(", ", r.Inputs.Select(Code)));
        Row(md, "Objects", $"{r.Summary.Objects} ({r.Summary.Workloads} workloads)");
        Row(md, "PHI namespaces", r.PhiNamespaces.Count == 0 ? "none found" : string.Join(", ", r.PhiNamespaces.Select(Code)));
        Row(md, "Score", Inline(Text.Score(r.Summary.Score)));
        Row(md, "Controls", Inline(Text.Counts(r.Summary.Controls)));
        Row(md, "Findings", Inline(Text.Counts(r.Summary.Findings)));
        if (options.IncludeTimestamp)
        {
            Row(md, "Scanned at", Text.Timestamp(r.ScannedAt));
        }

        md.Append('\n');

        md.Append("## Safeguards\n\n");
        foreach (var section in view.Sections)
        {
            md.Append("### ").Append(Inline(section.Title)).Append("\n\n");
            md.Append("| Citation | Safeguard | Type | Status | Controls |\n|---|---|---|---|---|\n");
            foreach (var s in section.Safeguards)
            {
                var controls = s.Controls.Count == 0
                    ? "—"
                    : string.Join("<br>", s.Controls.Select(id =>
                        view.Control(id) is { } c ? $"{Code(id)} {Status(c.Status)}" : Code(id)));
                md.Append($"| {Inline(s.Safeguard.Citation)} | {Inline(s.Safeguard.Title)} | {Text.Type(s.Safeguard.Type)} | {Status(s.Status)} | {controls} |\n");
            }

            md.Append('\n');
        }

        md.Append("## Failing and not assessable controls\n\n");
        var any = false;
        foreach (var group in view.ProblemsByControl())
        {
            any = true;
            var control = view.Control(group.Key);
            md.Append("### ").Append(Code(group.Key));
            if (control is not null)
            {
                md.Append(" — ").Append(Inline(control.Control.Title))
                  .Append(" (").Append(control.Control.Severity.ToWire()).Append(", ")
                  .Append(Inline(Text.Citations(control.Control))).Append(')');
            }

            md.Append("\n\n| Status | Object | Path | Message | Location |\n|---|---|---|---|---|\n");
            foreach (var f in group)
            {
                md.Append($"| {Status(f.Status)} | {Inline(Text.Object(f.Object))} | {CodeOrDash(f.Path)} | {Inline(f.Message)} | {Inline(Text.Location(view.LocationOf(f)))} |\n");
            }

            if (control is not null)
            {
                md.Append("\n**Remediation:** ").Append(Inline(control.Control.Remediation)).Append('\n');
            }

            md.Append('\n');
        }

        if (!any)
        {
            md.Append("No failing or not-assessable findings.\n\n");
        }

        if (view.Waived.Count > 0)
        {
            md.Append("## Waived findings\n\n| Control | Object | Path | Message | Waiver |\n|---|---|---|---|---|\n");
            foreach (var f in view.Waived)
            {
                md.Append($"| {Code(f.Control)} | {Inline(Text.Object(f.Object))} | {CodeOrDash(f.Path)} | {Inline(f.Message)} | {(f.Waiver is { } w ? Inline(Text.Waiver(w)) : "—")} |\n");
            }

            md.Append('\n');
        }

        if (view.Manual.Count > 0)
        {
            md.Append("## Manual items\n\n| Item | Title | Status | Evidence |\n|---|---|---|---|\n");
            foreach (var c in view.Manual)
            {
                md.Append($"| {Code(c.Control.Id)} | {Inline(c.Control.Title)} | {Status(c.Status)} | {Inline(Text.ManualDetail(c))} |\n");
            }

            md.Append('\n');
        }

        if (r.Waivers.Count > 0)
        {
            md.Append("## Waivers\n\n| Control | Selector | Approved by | Expires | State | Matched | Justification |\n|---|---|---|---|---|---|---|\n");
            foreach (var w in r.Waivers)
            {
                md.Append($"| {Code(w.Waiver.Control)} | {Inline(w.Waiver.Selector.ToString())} | {Inline(w.Waiver.ApprovedBy)} | {Text.Date(w.Waiver.Expires)} | {Text.State(w.State)} | {w.Matched} | {Inline(w.Waiver.Justification)} |\n");
            }

            md.Append('\n');
        }

        if (options.IncludePassed && view.Passed.Count > 0)
        {
            md.Append("## Passed\n\n| Control | Object | Message |\n|---|---|---|\n");
            foreach (var f in view.Passed)
            {
                md.Append($"| {Code(f.Control)} | {Inline(Text.Object(f.Object))} | {Inline(f.Message)} |\n");
            }

            md.Append('\n');
        }

        if (view.LoadErrors.Count > 0 || view.Gaps.Count > 0)
        {
            md.Append("## Inputs not read\n\n");
            foreach (var e in view.LoadErrors)
            {
                md.Append("- load error: ").Append(Inline(e.ToString())).Append('\n');
            }

            foreach (var g in view.Gaps)
            {
                md.Append("- not assessed: could not read ").Append(Inline(g.ToString())).Append('\n');
            }

            md.Append('\n');
        }

        output.Write(md.ToString().TrimEnd('\n'));
        output.Write('\n');
    }

    private static void Row(StringBuilder md, string key, string value) =>
        md.Append("| **").Append(key).Append("** | ").Append(value).Append(" |\n");

    private static string Status(Status status) => status switch
    {
        Core.Engine.Status.Fail => "❌ fail",
        Core.Engine.Status.Pass => "✅ pass",
        Core.Engine.Status.Waived => "⚠️ waived",
        Core.Engine.Status.Manual => "📝 manual",
        Core.Engine.Status.NotAssessable => "❔ not assessable",
        _ => "➖ n/a",
    };

    /// <summary>
    /// Inline code that cannot be broken out of: a code span shows tags literally, so only backticks (which would
    /// end it), pipes (which would end a table cell) and line breaks need handling.
    /// </summary>
    private static string Code(string value) =>
        "`" + value.ReplaceLineEndings(" ").Replace('`', '\'').Replace("|", "\\|", StringComparison.Ordinal) + "`";

    private static string CodeOrDash(string value) => value.Length == 0 ? "—" : Code(value);
}
