using System.CommandLine;
using System.Text;
using PhiGuard.Controls;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Reports;
using PhiGuard.Sources.Config;
using PhiGuard.Sources.Live;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Cli.Commands;

/// <summary><c>phiguard scan</c>: load manifests or a live cluster, run the controls, render the reports.</summary>
internal static class ScanCommand
{
    private static readonly string[] FailOnValues = ["critical", "high", "medium", "low", "never"];

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Manifest files or folders (YAML/JSON, kubectl dumps, snapshots; '-' for stdin). None: the current kube context.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var cluster = new ClusterOptions();
        var controls = new Option<string[]>("--control")
        {
            Description = "Run only this control (repeatable, or a comma list).",
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when a finding at or above this severity fails: critical, high, medium, low, never.",
            DefaultValueFactory = _ => "high",
        };
        failOn.AcceptOnlyFromAmong(FailOnValues);
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = $"Output format (repeatable, or a comma list): {string.Join(", ", Renderers.All.Select(r => r.Format))}.",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write to this file, or into this folder (one report per format; needed for several formats).",
        };
        var config = new Option<string?>("--config")
        {
            Description = "phiguard.yaml to use (default: ./phiguard.yaml, else phiguard.yaml in the one folder scanned).",
        };
        var profile = new Option<string?>("--profile")
        {
            Description = "Rule set: hipaa (current rule, default) or hipaa-nprm-2025 (the 2025 proposed rule).",
        };
        var keepGoing = new Option<bool>("--keep-going")
        {
            Description = "Do not exit 2 on input errors: report them and judge what loaded.",
        };
        var includePassed = new Option<bool>("--include-passed")
        {
            Description = "List passing objects too (JSON, SARIF, Markdown, HTML).",
        };

        var fixPatch = new Option<string?>("--fix-patch")
        {
            Description = "Write into this folder one patch per failing object that makes it pass, and an index (patches.json, README.md) of what stays manual.",
        };

        var nodeSources = new NodeSourceOptions();

        var command = new Command("scan", "Scan manifests or a live cluster against the HIPAA controls.");
        command.Arguments.Add(paths);
        cluster.AddTo(command);
        command.Options.Add(controls);
        command.Options.Add(failOn);
        command.Options.Add(formats);
        command.Options.Add(output);
        command.Options.Add(config);
        command.Options.Add(profile);
        command.Options.Add(keepGoing);
        command.Options.Add(includePassed);
        command.Options.Add(fixPatch);
        nodeSources.AddTo(command);

        command.SetAction(async (parse, ct) =>
        {
            var request = new ScanRequest
            {
                Paths = parse.GetValue(paths) ?? [],
                Controls = SplitList(parse.GetValue(controls)),
                FailOn = parse.GetValue(failOn) ?? "high",
                Formats = SplitList(parse.GetValue(formats)),
                Output = parse.GetValue(output),
                ConfigPath = parse.GetValue(config),
                Profile = parse.GetValue(profile),
                KeepGoing = parse.GetValue(keepGoing),
                IncludePassed = parse.GetValue(includePassed),
                FixPatch = parse.GetValue(fixPatch),
                Namespaces = parse.GetValue(cluster.Namespaces) ?? [],
                Cluster = cluster.ToLoadOptions(parse),
                KubeconfigGiven = parse.GetValue(cluster.Kubeconfig) is not null || parse.GetValue(cluster.Context) is not null,
                NodeSnapshots = parse.GetValue(nodeSources.NodeSnapshots) ?? [],
                Provider = parse.GetValue(nodeSources.Provider),
            };
            return await RunAsync(request, ct).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(ScanRequest request, CancellationToken ct)
    {
        var formats = request.Formats.Count == 0 ? ["table"] : request.Formats;
        var renderers = new List<IReportRenderer>();
        foreach (var f in formats)
        {
            renderers.Add(Renderers.Find(f) ?? throw new CliException(ExitCodes.Usage,
                $"unknown format '{f}'; use one of: {string.Join(", ", Renderers.All.Select(r => r.Format))}"));
        }

        var outputIsFolder = request.Output is not null &&
                             (Directory.Exists(request.Output) || request.Output.EndsWith('/') || renderers.Count > 1);
        if (renderers.Count > 1 && request.Output is null)
        {
            throw new CliException(ExitCodes.Usage, "several formats need -o FOLDER to write one report per format");
        }

        var registry = BuiltInControls.All;
        var known = registry.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in request.Controls)
        {
            if (!known.Contains(id))
            {
                throw new CliException(ExitCodes.Usage, $"unknown control '{id}'; 'phiguard controls list' shows them");
            }
        }

        var config = LoadConfig(request, known);
        var profileId = request.Profile ?? config.Profile ?? Profile.Hipaa.Id;
        var profile = Profile.Find(profileId) ?? throw new CliException(ExitCodes.Usage,
            $"unknown profile '{profileId}'; use one of: {string.Join(", ", Profile.All.Select(p => p.Id))}");

        Inventory inventory;
        IReadOnlyList<string> inputs;
        IFieldLocator? locator = null;
        if (request.Paths.Count == 0 && NodeSourceOptions.Given(request))
        {
            inventory = Inventory.Empty;
            inputs = [];
        }
        else if (request.Paths.Count > 0)
        {
            var loaded = new ManifestLoader().Load(request.Paths, Console.In, ct);
            inventory = loaded.ToInventory();
            inputs = request.Paths;
            locator = new SourceFieldLocator();
        }
        else
        {
            if (!request.KubeconfigGiven && !ClusterOptions.ClusterConfigured(request.Cluster.KubeconfigPath))
            {
                throw new CliException(ExitCodes.Usage,
                    "nothing to scan: give manifest files or folders, or a cluster (--kubeconfig, $KUBECONFIG or ~/.kube/config)");
            }

            try
            {
                var live = await LiveProgress.LoadAsync(request.Cluster, ct).ConfigureAwait(false);
                inventory = live.Inventory;
                inputs = [$"cluster:{inventory.Facts.Context ?? "current-context"}"];
            }
            catch (ClusterAccessException ex)
            {
                throw new CliException(ex.Failure == ClusterAccessFailure.Configuration ? ExitCodes.Usage : ExitCodes.Runtime, ex.Message);
            }
        }

        (inventory, inputs) = NodeSourceOptions.AddTo(inventory, inputs, request, ct);
        var scanner = new Scanner(registry);
        var result = scanner.Scan(inventory, new ScanOptions
        {
            Config = config,
            Profile = profile,
            Controls = request.Controls,
            Namespaces = request.Namespaces,
            Inputs = inputs,
        });

        // The HTML report embeds the PHI data-flow map, which needs the inventory the result does not keep.
        var map = renderers.Any(r => r.Format == "html")
            ? PhiFlowMap.Build(inventory, NetworkModel.Build(inventory), result.PhiNamespaces)
            : null;
        WriteReports(result, renderers, request, outputIsFolder, locator, map);
        if (request.FixPatch is { } fixDir)
        {
            FixPatchWriter.Write(fixDir, result, inventory, registry, config, profile);
        }

        ReportProblems(result);

        if (result.LoadErrors.Count > 0 && !request.KeepGoing)
        {
            Terminal.Error($"{result.LoadErrors.Count} input error(s); fix them or pass --keep-going");
            return ExitCodes.Usage;
        }

        return ExitCodeFor(result, request.FailOn);
    }

    internal static int ExitCodeFor(ScanResult result, string failOn)
    {
        if (failOn == "never")
        {
            return ExitCodes.Ok;
        }

        var threshold = Enum.Parse<Severity>(failOn, ignoreCase: true);
        var failing = result.Findings.Any(f => f.Status == Status.Fail && f.Severity >= threshold) ||
                      result.Controls.Any(c => c.Status == Status.Fail && c.Control.Severity >= threshold);
        return failing ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static PhiGuardConfig LoadConfig(ScanRequest request, HashSet<string> knownControls)
    {
        var path = request.ConfigPath;
        if (path is null)
        {
            path = ConfigLoader.Find(Directory.GetCurrentDirectory());
            if (path is null && request.Paths.Count == 1 && Directory.Exists(request.Paths[0]))
            {
                path = ConfigLoader.Find(request.Paths[0]);
            }

            if (path is not null)
            {
                Terminal.Info($"phiguard: using config {path}");
            }
        }
        else if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.Usage, $"{path}: config file not found");
        }

        if (path is null)
        {
            return PhiGuardConfig.Default;
        }

        var loaded = ConfigLoader.Load(path);
        var errors = loaded.Errors.Select(e => e.ToString()).ToList();
        foreach (var w in loaded.Config.Waivers.Where(w => !knownControls.Contains(w.Control)))
        {
            errors.Add($"{w.Source?.ToString() ?? path}: waiver names unknown control '{w.Control}'");
        }

        foreach (var a in loaded.Config.Attestations.Where(a => !knownControls.Contains(a.Item)))
        {
            errors.Add($"{a.Source?.ToString() ?? path}: attestation names unknown item '{a.Item}'");
        }

        if (errors.Count > 0)
        {
            throw new CliException(ExitCodes.Usage, "invalid config:\n  " + string.Join("\n  ", errors));
        }

        return loaded.Config;
    }

    private static void WriteReports(
        ScanResult result, List<IReportRenderer> renderers, ScanRequest request, bool outputIsFolder, IFieldLocator? locator,
        PhiFlowMap? map = null)
    {
        var baseDir = Directory.GetCurrentDirectory();
        if (outputIsFolder)
        {
            Directory.CreateDirectory(request.Output!);
        }

        foreach (var renderer in renderers)
        {
            var toStdout = request.Output is null;
            var options = new RenderOptions
            {
                Color = toStdout && renderer.Format == "table" && Terminal.StdoutColor,
                Width = toStdout && !Console.IsOutputRedirected ? Math.Max(80, SafeWindowWidth()) : 120,
                Locator = locator,
                IncludePassed = request.IncludePassed,
                BaseDirectory = baseDir,
                DataFlowMap = map,
            };
            if (toStdout)
            {
                var stdout = Console.Out;
                renderer.Render(result, options, stdout);
                stdout.Flush();
                continue;
            }

            var file = outputIsFolder
                ? Path.Combine(request.Output!, $"phiguard-report.{renderer.FileExtension.TrimStart('.')}")
                : request.Output!;
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            using (var writer = new StreamWriter(file, append: false, new UTF8Encoding(false)))
            {
                renderer.Render(result, options, writer);
            }

            Terminal.Info($"phiguard: wrote {renderer.Format} report to {file}");
        }
    }

    private static void ReportProblems(ScanResult result)
    {
        foreach (var e in result.LoadErrors)
        {
            Terminal.Error(e.ToString());
        }

        foreach (var g in result.Gaps)
        {
            Terminal.Warn($"not assessed: {g}");
        }

        foreach (var w in result.Waivers)
        {
            if (w.State == WaiverState.Unused)
            {
                Terminal.Warn($"{w.Waiver.Source?.ToString() ?? "config"}: waiver for {w.Waiver.Describe()} matched nothing; remove it");
            }
            else if (w.State == WaiverState.Expired)
            {
                Terminal.Warn($"{w.Waiver.Source?.ToString() ?? "config"}: waiver for {w.Waiver.Describe()} expired on {w.Waiver.Expires:yyyy-MM-dd}");
            }
        }
    }

    private static int SafeWindowWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    internal static IReadOnlyList<string> SplitList(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .ToArray();
}

/// <summary>What <c>phiguard scan</c> was asked to do.</summary>
internal sealed record ScanRequest
{
    public IReadOnlyList<string> Paths { get; init; } = [];

    public IReadOnlyList<string> Controls { get; init; } = [];

    public string FailOn { get; init; } = "high";

    public IReadOnlyList<string> Formats { get; init; } = [];

    public string? Output { get; init; }

    public string? ConfigPath { get; init; }

    public string? Profile { get; init; }

    public bool KeepGoing { get; init; }

    public bool IncludePassed { get; init; }

    /// <summary>Folder for remediation patches (<c>--fix-patch</c>), or null.</summary>
    public string? FixPatch { get; init; }

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public required ClusterLoadOptions Cluster { get; init; }

    public bool KubeconfigGiven { get; init; }

    /// <summary>Node snapshot folders (<c>--node-snapshot</c>).</summary>
    public IReadOnlyList<string> NodeSnapshots { get; init; } = [];

    /// <summary>A managed provider's cluster description (<c>--provider</c>).</summary>
    public string? Provider { get; init; }
}
