using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using PhiGuard.Core.Analysis.PodSecurity;
using PhiGuard.Sources.Manifests;
using Spectre.Console;

namespace PhiGuard.Cli.Commands;

/// <summary>
/// <c>phiguard pss evaluate</c>: each pod-bearing object judged against a Pod Security level and version (or its
/// namespace's enforce labels), with the upstream check ids that refuse it and the restricted dry run.
/// </summary>
internal static class PssCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Manifest files or folders (YAML or JSON; - for stdin).",
            Arity = ArgumentArity.OneOrMore,
        };
        var level = new Option<string?>("--level")
        {
            Description = "baseline or restricted; without it each object is judged at its namespace's pod-security.kubernetes.io/enforce labels.",
        };
        level.AcceptOnlyFromAmong("privileged", "baseline", "restricted");
        var version = new Option<string>("--version")
        {
            Description = "Policy version v1.N or latest.",
            DefaultValueFactory = _ => "latest",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "table or json.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");

        var evaluate = new Command("evaluate", "Judge pods and pod templates against a Pod Security Standards level.");
        evaluate.Arguments.Add(paths);
        evaluate.Options.Add(level);
        evaluate.Options.Add(version);
        evaluate.Options.Add(format);
        evaluate.SetAction((parse, ct) =>
        {
            var versionText = parse.GetValue(version)!;
            if (!PodSecurityVersion.TryParse(versionText, out var v))
            {
                throw new CliException(ExitCodes.Usage, $"--version '{versionText}' is not v1.N or latest");
            }

            PodSecurityLevel? l = null;
            if (parse.GetValue(level) is { } levelText)
            {
                l = PodSecurityEvaluator.TryParseLevel(levelText, out var parsed) ? parsed
                    : throw new CliException(ExitCodes.Usage, $"--level '{levelText}' is not baseline or restricted");
            }

            var loaded = new ManifestLoader().Load(parse.GetValue(paths)!, Console.In, ct);
            foreach (var e in loaded.Errors)
            {
                Terminal.Error(e.ToString());
            }

            if (loaded.Errors.Count > 0)
            {
                return Task.FromResult(ExitCodes.Usage);
            }

            var results = WorkloadPodSecurity.Evaluate(loaded.ToInventory(), l, v.Value)
                .OrderBy(r => r.Workload.Object.Ref)
                .ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json")
            {
                WriteJson(results, output, l is null);
            }
            else
            {
                WriteTable(results, output, l is null);
            }

            return Task.FromResult(results.All(r => r.Result.Allowed) ? ExitCodes.Ok : ExitCodes.Findings);
        });

        var command = new Command("pss", "Pod Security Standards: evaluate pods as Pod Security Admission would.");
        command.Subcommands.Add(evaluate);
        return command;
    }

    private static void WriteJson(List<WorkloadPodSecurity> results, TextWriter output, bool dryRun)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("schemaVersion", "phiguard.io/pss/v1");
            w.WriteStartArray("objects");
            foreach (var r in results)
            {
                var o = r.Workload.Object;
                w.WriteStartObject();
                w.WriteString("apiVersion", o.ApiVersion);
                w.WriteString("kind", o.Kind);
                if (o.Namespace is not null)
                {
                    w.WriteString("namespace", o.Namespace);
                }

                w.WriteString("name", o.Name);
                if (o.Source is { } src)
                {
                    w.WriteString("source", src.ToString());
                }

                w.WriteString("level", PodSecurityEvaluator.LevelName(r.Policy.Level));
                w.WriteString("version", r.Policy.Version.ToString());
                w.WriteBoolean("allowed", r.Result.Allowed);
                WriteViolations(w, "violations", r.Result);
                if (r.Policy.Errors.Count > 0)
                {
                    w.WriteStartArray("labelErrors");
                    foreach (var e in r.Policy.Errors)
                    {
                        w.WriteStringValue(e);
                    }

                    w.WriteEndArray();
                }

                if (dryRun)
                {
                    w.WriteStartObject("ifRestricted");
                    w.WriteBoolean("allowed", r.Restricted.Allowed);
                    WriteViolations(w, "violations", r.Restricted);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        output.WriteLine();
    }

    private static void WriteViolations(Utf8JsonWriter w, string name, PodSecurityResult result)
    {
        w.WriteStartArray(name);
        foreach (var v in result.Violations)
        {
            w.WriteStartObject();
            w.WriteString("check", v.Check);
            w.WriteString("reason", v.Reason);
            w.WriteString("detail", v.Detail);
            w.WriteStartArray("paths");
            foreach (var p in v.Paths)
            {
                w.WriteStringValue(p);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTable(List<WorkloadPodSecurity> results, TextWriter output, bool dryRun)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = Terminal.StdoutColor ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Terminal.StdoutColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!Terminal.StdoutColor)
        {
            // Redirected output has no window to wrap to; keep rows readable in files and CI logs.
            console.Profile.Width = 200;
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Object");
        table.AddColumn("Policy");
        table.AddColumn("Allowed");
        table.AddColumn("Violations");
        if (dryRun)
        {
            table.AddColumn("If restricted");
        }

        foreach (var r in results)
        {
            var cells = new List<string>
            {
                Markup.Escape(r.Workload.Object.Ref.ToString()),
                $"{PodSecurityEvaluator.LevelName(r.Policy.Level)}:{r.Policy.Version}",
                r.Result.Allowed ? "yes" : "no",
                Markup.Escape(string.Join("\n", r.Result.Violations.Select(v => $"{v.Check}: {v.Detail}"))),
            };
            if (dryRun)
            {
                cells.Add(r.Restricted.Allowed ? "allowed" : Markup.Escape("refused: " + string.Join(", ", r.Restricted.Violations.Select(v => v.Check))));
            }

            table.AddRow(cells.ToArray());
        }

        console.Write(table);
        var refused = results.Count(r => !r.Result.Allowed);
        output.WriteLine($"{results.Count} object(s), {refused} refused.");
    }
}
