using PhiGuard.Core.Engine;
using PhiGuard.Reports.Internal;
using Spectre.Console;
using Spectre.Console.Rendering;
using Status = PhiGuard.Core.Engine.Status;
using Text = PhiGuard.Reports.Internal.Text;

namespace PhiGuard.Reports;

/// <summary>
/// The terminal report: a header (profile, inputs, objects, PHI namespaces, score), each safeguard section with its
/// citations and controls, then what needs action — failing and not-assessable findings per control with the
/// remediation once, waived findings, manual items, waivers and inputs not read. Colour only when asked.
/// </summary>
internal sealed class TableRenderer : IReportRenderer
{
    public string Format => "table";

    public string FileExtension => ".txt";

    public void Render(ScanResult result, RenderOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var view = new ReportView(result, options);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = options.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = options.Color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(40, options.Width);
        // The report is deterministic text: no terminal-dependent line breaking beyond the configured width.
        console.Profile.Height = 24;

        Header(console, view);
        Safeguards(console, view);
        Problems(console, view);
        Waived(console, view);
        Manual(console, view);
        Waivers(console, view);
        Inputs(console, view);
    }

    private static void Header(IAnsiConsole console, ReportView view)
    {
        var r = view.Result;
        console.Write(new Rule("[bold]PhiGuard HIPAA report[/]").LeftJustified());
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Pair(grid, "Profile", r.Profile.Title);
        Pair(grid, "Inputs", r.Inputs.Count == 0 ? "-" : string.Join(", ", r.Inputs));
        Pair(grid, "Objects", $"{r.Summary.Objects} ({r.Summary.Workloads} workloads)");
        Pair(grid, "PHI namespaces", r.PhiNamespaces.Count == 0 ? "none found" : string.Join(", ", r.PhiNamespaces));
        Pair(grid, "Score", Text.Score(r.Summary.Score));
        Pair(grid, "Controls", Text.Counts(r.Summary.Controls));
        Pair(grid, "Findings", Text.Counts(r.Summary.Findings));
        if (view.Options.IncludeTimestamp)
        {
            Pair(grid, "Scanned at", Text.Timestamp(r.ScannedAt));
        }

        console.Write(grid);
        console.WriteLine();
    }

    private static void Pair(Grid grid, string key, string value) =>
        grid.AddRow(new Spectre.Console.Text(key, Dim), new Spectre.Console.Text(value));

    private static void Safeguards(IAnsiConsole console, ReportView view)
    {
        // Below 100 columns the title moves under the citation, so ids in the controls column are not broken.
        var narrow = console.Profile.Width < 100;
        foreach (var section in view.Sections)
        {
            Heading(console, section.Title);
            var table = new Table().Border(TableBorder.Rounded).Expand();
            table.AddColumn(narrow ? new TableColumn("Safeguard") : new TableColumn("Citation").NoWrap());
            if (!narrow)
            {
                table.AddColumn("Safeguard");
            }

            table.AddColumn(new TableColumn("Status").NoWrap()).AddColumn(new TableColumn("Controls").NoWrap());
            foreach (var s in section.Safeguards)
            {
                var controls = s.Controls.Count == 0
                    ? (IRenderable)new Spectre.Console.Text("no control", Dim)
                    : new Rows(s.Controls.Select(id => ControlLine(view, id)));
                var cells = new List<IRenderable>();
                if (narrow)
                {
                    var p = new Paragraph(s.Safeguard.Citation);
                    p.Append("\n" + s.Safeguard.Title, Dim);
                    cells.Add(p);
                }
                else
                {
                    cells.Add(new Spectre.Console.Text(s.Safeguard.Citation));
                    cells.Add(new Spectre.Console.Text(s.Safeguard.Title));
                }

                cells.Add(StatusText(s.Status));
                cells.Add(controls);
                table.AddRow(cells);
            }

            console.Write(table);
        }

        console.WriteLine();
    }

    private static Paragraph ControlLine(ReportView view, string id)
    {
        var status = view.Control(id)?.Status;
        var paragraph = new Paragraph();
        paragraph.Append(id);
        if (status is { } st)
        {
            paragraph.Append(" ");
            paragraph.Append(Text.Label(st).ToLowerInvariant(), StatusStyle(st));
        }

        return paragraph;
    }

    private static void Problems(IAnsiConsole console, ReportView view)
    {
        var groups = view.ProblemsByControl().ToList();
        if (groups.Count == 0)
        {
            console.Write(new Spectre.Console.Text("No failing or not-assessable findings.\n", StatusStyle(Status.Pass)));
            console.WriteLine();
            return;
        }

        Heading(console, "Needs action");
        foreach (var group in groups)
        {
            var control = view.Control(group.Key);
            var title = new Paragraph();
            title.Append(group.Key, new Style(decoration: Decoration.Bold));
            if (control is not null)
            {
                title.Append($"  {control.Control.Severity.ToWire()}  ", SeverityStyle(control.Control.Severity));
                title.Append(control.Control.Title);
                title.Append($"  [{Text.Citations(control.Control)}]", Dim);
            }

            console.Write(title);
            console.WriteLine();
            var table = new Table().Border(TableBorder.Simple).Expand()
                .AddColumn(new TableColumn("Status").NoWrap())
                .AddColumn("Object / field")
                .AddColumn("Message");
            foreach (var f in group)
            {
                table.AddRow(StatusText(f.Status), ObjectCell(f, view.LocationOf(f)), new Spectre.Console.Text(f.Message));
            }

            console.Write(table);
            if (control is not null)
            {
                var fix = new Paragraph();
                fix.Append("Fix: ", new Style(decoration: Decoration.Bold));
                fix.Append(control.Control.Remediation);
                console.Write(new Padder(fix, new Padding(2, 0, 0, 0)));
                console.WriteLine();
            }

            console.WriteLine();
        }
    }

    private static void Waived(IAnsiConsole console, ReportView view)
    {
        if (view.Waived.Count == 0)
        {
            return;
        }

        Heading(console, "Waived findings");
        var table = new Table().Border(TableBorder.Simple).Expand()
            .AddColumn("Control").AddColumn("Object / field").AddColumn("Waiver");
        foreach (var f in view.Waived)
        {
            table.AddRow(
                new Spectre.Console.Text(f.Control),
                ObjectCell(f, null),
                new Spectre.Console.Text(f.Waiver is { } w ? Text.Waiver(w) : "-"));
        }

        console.Write(table);
        console.WriteLine();
    }

    private static void Manual(IAnsiConsole console, ReportView view)
    {
        if (view.Manual.Count == 0)
        {
            return;
        }

        Heading(console, "Manual items (attested by a person)");
        var table = new Table().Border(TableBorder.Simple).Expand()
            .AddColumn(new TableColumn("Status").NoWrap()).AddColumn("Item").AddColumn("Evidence");
        foreach (var c in view.Manual)
        {
            table.AddRow(StatusText(c.Status), new Spectre.Console.Text(c.Control.Id), new Spectre.Console.Text(Text.ManualDetail(c)));
        }

        console.Write(table);
        console.WriteLine();
    }

    private static void Waivers(IAnsiConsole console, ReportView view)
    {
        var waivers = view.Result.Waivers;
        if (waivers.Count == 0)
        {
            return;
        }

        Heading(console, "Waivers");
        var table = new Table().Border(TableBorder.Simple).Expand()
            .AddColumn(new TableColumn("State").NoWrap()).AddColumn("Control").AddColumn("Selector")
            .AddColumn("Approved by").AddColumn(new TableColumn("Expires").NoWrap()).AddColumn(new TableColumn("Matched").RightAligned());
        foreach (var w in waivers)
        {
            var style = w.State switch
            {
                WaiverState.Expired => StatusStyle(Status.Fail),
                WaiverState.Unused => StatusStyle(Status.Manual),
                _ => StatusStyle(Status.Waived),
            };
            table.AddRow(
                new Spectre.Console.Text(Text.State(w.State), style),
                new Spectre.Console.Text(w.Waiver.Control),
                new Spectre.Console.Text(w.Waiver.Selector.ToString()),
                new Spectre.Console.Text(w.Waiver.ApprovedBy),
                new Spectre.Console.Text(Text.Date(w.Waiver.Expires)),
                new Spectre.Console.Text(w.Matched.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        console.Write(table);
        console.WriteLine();
    }

    private static void Inputs(IAnsiConsole console, ReportView view)
    {
        if (view.LoadErrors.Count == 0 && view.Gaps.Count == 0)
        {
            return;
        }

        Heading(console, "Inputs not read");
        foreach (var e in view.LoadErrors)
        {
            var p = new Paragraph();
            p.Append("load error  ", StatusStyle(Status.Fail));
            p.Append(e.ToString());
            console.Write(p);
            console.WriteLine();
        }

        foreach (var g in view.Gaps)
        {
            var p = new Paragraph();
            p.Append("not read    ", StatusStyle(Status.NotAssessable));
            p.Append(g.ToString());
            console.Write(p);
            console.WriteLine();
        }

        console.WriteLine();
    }

    /// <summary>The object, then the field path and where it is written, dimmed, on their own lines.</summary>
    private static Paragraph ObjectCell(Finding finding, Core.Inventory.SourceLocation? location)
    {
        var cell = new Paragraph(Text.Object(finding.Object));
        if (finding.Path.Length > 0)
        {
            cell.Append("\n" + finding.Path, new Style(Color.Aqua));
        }

        if (location is not null)
        {
            cell.Append("\n" + location, Dim);
        }

        return cell;
    }

    private static void Heading(IAnsiConsole console, string title) =>
        console.Write(new Rule(Markup.Escape(title)).LeftJustified().RuleStyle(Dim));

    private static Spectre.Console.Text StatusText(Status status) => new(Text.Label(status), StatusStyle(status));

    private static readonly Style Dim = new(Color.Grey);

    private static Style StatusStyle(Status status) => status switch
    {
        Status.Pass => new Style(Color.Green),
        Status.Fail => new Style(Color.Red, decoration: Decoration.Bold),
        Status.Waived => new Style(Color.Yellow),
        Status.Manual => new Style(Color.Blue),
        Status.NotAssessable => new Style(Color.Fuchsia),
        _ => Dim,
    };

    private static Style SeverityStyle(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => new Style(Color.Red),
        Severity.Medium => new Style(Color.Yellow),
        _ => Dim,
    };
}
