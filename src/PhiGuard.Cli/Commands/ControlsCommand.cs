using System.CommandLine;
using System.Text.Json;
using PhiGuard.Controls;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Engine;
using PhiGuard.Reports.Docs;
using Spectre.Console;

namespace PhiGuard.Cli.Commands;

/// <summary><c>phiguard controls list|show</c>: what PhiGuard checks and how each control maps to HIPAA.</summary>
internal static class ControlsCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "table, json or markdown.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "markdown");
        var list = new Command("list", "List every control with its severity, shape and HIPAA citations.");
        list.Options.Add(format);
        list.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            switch (parse.GetValue(format))
            {
                case "json":
                    WriteJson(output);
                    break;
                case "markdown":
                    output.Write(ControlReference.Render(BuiltInControls.All, HipaaCatalog.Default, _ => null));
                    break;
                default:
                    WriteTable(output);
                    break;
            }

            return ExitCodes.Ok;
        });

        var id = new Argument<string>("ID") { Description = "Control id, e.g. readonly-root-filesystem." };
        var show = new Command("show", "Show one control: rule, citations, rationale, remediation.");
        show.Arguments.Add(id);
        show.SetAction(parse =>
        {
            var controlId = parse.GetValue(id)!;
            var control = BuiltInControls.Find(controlId) ?? throw new CliException(ExitCodes.Usage,
                $"unknown control '{controlId}'; 'phiguard controls list' shows them");
            WriteDetail(control, parse.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        });

        var command = new Command("controls", "What PhiGuard checks.");
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }

    private static void WriteTable(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = Terminal.StdoutColor ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Terminal.StdoutColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("ID");
        table.AddColumn("Severity");
        table.AddColumn("Shape");
        table.AddColumn("HIPAA");
        table.AddColumn("Title");
        foreach (var c in BuiltInControls.All)
        {
            table.AddRow(
                Markup.Escape(c.Id),
                c.Severity.ToWire(),
                c.Shape.ToString().ToLowerInvariant(),
                Markup.Escape(string.Join(", ", c.Citations)),
                Markup.Escape(c.Title));
        }

        console.Write(table);
    }

    private static void WriteJson(TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schemaVersion", "phiguard.io/controls/v1");
            w.WriteStartArray("controls");
            foreach (var c in BuiltInControls.All)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("title", c.Title);
                w.WriteString("severity", c.Severity.ToWire());
                w.WriteString("shape", c.Shape.ToString().ToLowerInvariant());
                w.WriteString("evidence", c.Evidence.ToString().ToLowerInvariant());
                WriteArray(w, "citations", c.Citations);
                WriteArray(w, "nprmCitations", c.NprmCitations);
                WriteArray(w, "keyActivities", c.KeyActivities);
                WriteArray(w, "requirements", c.Requirements);
                WriteArray(w, "kinds", c.Kinds);
                w.WriteString("rationale", c.Rationale);
                w.WriteString("remediation", c.Remediation);
                if (c.Remarks is not null)
                {
                    w.WriteString("remarks", c.Remarks);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void WriteDetail(Control c, TextWriter o)
    {
        var catalog = HipaaCatalog.Default;
        o.WriteLine($"{c.Id}: {c.Title}");
        o.WriteLine($"  severity:  {c.Severity.ToWire()}");
        o.WriteLine($"  shape:     {c.Shape.ToString().ToLowerInvariant()} ({c.Evidence.ToString().ToLowerInvariant()} evidence)");
        if (c.Kinds.Count > 0)
        {
            o.WriteLine($"  reads:     {string.Join(", ", c.Kinds)}");
        }

        o.WriteLine("  HIPAA:");
        foreach (var cite in c.Citations)
        {
            var title = catalog.ByCitation.TryGetValue(cite, out var s) ? $"{s.Title} ({s.Type.ToString().ToLowerInvariant()})" : string.Empty;
            o.WriteLine($"    {cite}  {title}");
        }

        foreach (var cite in c.NprmCitations)
        {
            o.WriteLine($"    {cite}  (2025 proposed rule)");
        }

        if (c.KeyActivities.Count > 0)
        {
            o.WriteLine("  NIST SP 800-66r2 key activities:");
            foreach (var ka in c.KeyActivities)
            {
                var title = catalog.ActivitiesById.TryGetValue(ka, out var a) ? a.Title : string.Empty;
                o.WriteLine($"    {ka}  {title}");
            }
        }

        if (c.Requirements.Count > 0)
        {
            o.WriteLine($"  serves:    {string.Join(" ", c.Requirements)}");
        }

        o.WriteLine();
        o.WriteLine($"Why: {c.Rationale}");
        o.WriteLine();
        o.WriteLine($"Fix: {c.Remediation}");
        if (c.Remarks is not null)
        {
            o.WriteLine();
            o.WriteLine($"Remarks: {c.Remarks}");
        }
    }
}
