using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PhiGuard.Core.Analysis.Network;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Reports.Network;
using PhiGuard.Sources.Live;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Cli.Commands;

/// <summary>
/// <c>phiguard netpol reach|matrix|map</c>: NetworkPolicy reachability between workloads and addresses, the
/// workload × workload matrix, and the PHI data-flow map.
/// </summary>
internal static class NetpolCommand
{
    public static Command Create()
    {
        var command = new Command("netpol", "NetworkPolicy reachability: who can reach what, and where PHI may flow.");
        command.Subcommands.Add(Reach());
        command.Subcommands.Add(Matrix());
        command.Subcommands.Add(Map());
        return command;
    }

    private static Argument<string[]> Paths() => new("PATH")
    {
        Description = "Manifest files or folders ('-' for stdin). None: the current kube context.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static Option<string?> Output() => new("--output", "-o") { Description = "Write to this file instead of stdout." };

    private static Command Reach()
    {
        var paths = Paths();
        var cluster = new ClusterOptions();
        var from = new Option<string>("--from") { Description = "Source: ns/name of a workload or pod, ns/kind/name when ambiguous, or an IP address.", Required = true };
        var to = new Option<string>("--to") { Description = "Destination, in the same forms as --from.", Required = true };
        var port = new Option<string?>("--port") { Description = "Port as N or N/PROTO (TCP, UDP, SCTP). Omitted: any port." };
        var format = new Option<string>("--format", "-f") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command("reach", "Is traffic from one workload (or address) to another allowed, and which policies decide it?");
        cmd.Arguments.Add(paths);
        cluster.AddTo(cmd);
        cmd.Options.Add(from);
        cmd.Options.Add(to);
        cmd.Options.Add(port);
        cmd.Options.Add(format);
        cmd.SetAction(async (parse, ct) =>
        {
            TrafficPort? p = null;
            if (parse.GetValue(port) is { } text)
            {
                p = TrafficPort.TryParse(text) ?? throw new CliException(ExitCodes.Usage,
                    $"--port '{text}': expected N or N/PROTO with N in 1-65535 and PROTO one of TCP, UDP, SCTP");
            }

            var inventory = await LoadAsync(parse.GetValue(paths) ?? [], cluster, parse, ct).ConfigureAwait(false);
            var model = NetworkModel.Build(inventory);
            var result = model.Reach(Resolve(model, parse.GetValue(from)!, "--from"), Resolve(model, parse.GetValue(to)!, "--to"), p);
            Console.Out.Write(parse.GetValue(format) == "json" ? ReachJson(result) : ReachText(result));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Matrix()
    {
        var paths = Paths();
        var cluster = new ClusterOptions();
        var format = new Option<string>("--format", "-f") { Description = "table, json or html (an SVG heat map).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "html");
        var output = Output();
        var cmd = new Command("matrix", "The workload × workload reachability matrix (any port). -n limits rows and columns to namespaces.");
        cmd.Arguments.Add(paths);
        cluster.AddTo(cmd);
        cmd.Options.Add(format);
        cmd.Options.Add(output);
        cmd.SetAction(async (parse, ct) =>
        {
            var namespaces = parse.GetValue(cluster.Namespaces) ?? [];
            var inventory = await LoadAsync(parse.GetValue(paths) ?? [], cluster, parse, ct, allNamespaces: true).ConfigureAwait(false);
            var model = NetworkModel.Build(inventory);
            var eps = model.Endpoints.Where(e => namespaces.Length == 0 || namespaces.Contains(e.Namespace, StringComparer.Ordinal))
                .OrderBy(e => e.QualifiedId, StringComparer.Ordinal).ToList();
            var matrix = ReachMatrix.Compute(model, eps);
            var text = parse.GetValue(format) switch
            {
                "json" => MatrixJson(matrix),
                "html" => MatrixHtml(matrix),
                _ => MatrixText(matrix),
            };
            Write(parse.GetValue(output), text);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Map()
    {
        var paths = Paths();
        var cluster = new ClusterOptions();
        var format = new Option<string>("--format", "-f") { Description = "mermaid, dot or svg.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot", "svg");
        var config = new Option<string?>("--config") { Description = "phiguard.yaml naming PHI namespaces (default: ./phiguard.yaml, else the one in the folder given)." };
        var output = Output();
        var cmd = new Command("map", "The PHI data-flow map: where PHI lives and what may reach it, as Mermaid, Graphviz DOT or SVG.");
        cmd.Arguments.Add(paths);
        cluster.AddTo(cmd);
        cmd.Options.Add(format);
        cmd.Options.Add(config);
        cmd.Options.Add(output);
        cmd.SetAction(async (parse, ct) =>
        {
            var p = parse.GetValue(paths) ?? [];
            var cfg = CliConfig.Load(parse.GetValue(config), p);
            var inventory = await LoadAsync(p, cluster, parse, ct, allNamespaces: true).ConfigureAwait(false);
            var map = PhiFlowMap.Build(inventory, NetworkModel.Build(inventory), new PhiScope(inventory, cfg).PhiNamespaces);
            if (map.PhiNamespaces.Count == 0)
            {
                Terminal.Warn("no PHI namespace: label namespaces phiguard.io/phi=true or list them under phiNamespaces in phiguard.yaml");
            }

            var text = parse.GetValue(format) switch
            {
                "dot" => FlowMapRenderer.Dot(map),
                "svg" => FlowMapRenderer.Svg(map),
                _ => FlowMapRenderer.Mermaid(map),
            };
            Write(parse.GetValue(output), text);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static async Task<Inventory> LoadAsync(string[] paths, ClusterOptions cluster, ParseResult parse, CancellationToken ct, bool allNamespaces = false)
    {
        if (paths.Length > 0)
        {
            var loaded = new ManifestLoader().Load(paths, Console.In, ct);
            if (loaded.Errors.Count > 0)
            {
                throw new CliException(ExitCodes.Usage, "input errors:\n  " + string.Join("\n  ", loaded.Errors.Select(e => e.ToString())));
            }

            return loaded.ToInventory();
        }

        var options = cluster.ToLoadOptions(parse);
        if (parse.GetValue(cluster.Kubeconfig) is null && parse.GetValue(cluster.Context) is null && !ClusterOptions.ClusterConfigured(options.KubeconfigPath))
        {
            throw new CliException(ExitCodes.Usage, "nothing to read: give manifest files or folders, or a cluster (--kubeconfig, $KUBECONFIG or ~/.kube/config)");
        }

        try
        {
            // Reachability needs every namespace's policies and pods, whatever -n narrows the output to.
            var live = await LiveProgress.LoadAsync(allNamespaces ? options with { Namespaces = [] } : options, ct).ConfigureAwait(false);
            return live.Inventory;
        }
        catch (ClusterAccessException ex)
        {
            throw new CliException(ex.Failure == ClusterAccessFailure.Configuration ? ExitCodes.Usage : ExitCodes.Runtime, ex.Message);
        }
    }

    private static NetworkAddress Resolve(NetworkModel model, string text, string option)
    {
        if (IPAddress.TryParse(text, out var ip))
        {
            return NetworkAddress.Of(ip);
        }

        var found = model.Find(text);
        return found.Count switch
        {
            1 => NetworkAddress.Of(found[0]),
            0 => throw new CliException(ExitCodes.Usage, $"{option} '{text}': no workload or pod of that name (use ns/name, ns/kind/name or an IP address)"),
            _ => throw new CliException(ExitCodes.Usage, $"{option} '{text}' is ambiguous: {string.Join(", ", found.Select(f => f.QualifiedId))}; use ns/kind/name"),
        };
    }

    private static void Write(string? output, string text)
    {
        if (output is null)
        {
            Console.Out.Write(text);
            return;
        }

        try
        {
            File.WriteAllText(output, text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Runtime, $"{output}: cannot write: {ex.Message}");
        }
    }

    private static string ReachText(ReachResult r)
    {
        var sb = new StringBuilder();
        var port = r.Port?.ToString() ?? "any port";
        sb.Append(CultureInfo.InvariantCulture, $"{(r.Allowed ? "ALLOW" : "DENY")}  {r.From} -> {r.To} on {port}\n");
        if (!r.Port.HasValue && r.Allowed)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  ports   {string.Join(", ", r.Ports)}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"  egress  {Side(r.Egress, r.From, "egress")}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  ingress {Side(r.Ingress, r.To, "ingress")}\n");
        return sb.ToString();
    }

    private static string Side(SideDecision s, NetworkAddress who, string direction)
    {
        if (s.External)
        {
            return $"{who} is outside the cluster: no policy governs its {direction}";
        }

        if (!s.Isolated)
        {
            return $"no policy isolates {who} for {direction}: allowed by default";
        }

        return s.Allowed
            ? $"allowed by {string.Join(", ", s.Rules)}"
            : $"denied: isolated by {string.Join(", ", s.DecidedBy.Select(p => p.Id))} and no rule admits it";
    }

    private static string ReachJson(ReachResult r)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("from", r.From.ToString());
            w.WriteString("to", r.To.ToString());
            if (r.Port is { } p)
            {
                w.WriteString("port", p.ToString());
            }
            else
            {
                w.WriteNull("port");
            }

            w.WriteBoolean("allowed", r.Allowed);
            w.WriteStartArray("decidedBy");
            foreach (var (side, d) in new[] { ("egress", r.Egress), ("ingress", r.Ingress) })
            {
                if (r.Allowed != d.Allowed && r.Allowed)
                {
                    continue;
                }

                foreach (var policy in d.DecidedBy.Where(pol => r.DecidedBy.Contains(pol)).OrderBy(pol => pol.Id, StringComparer.Ordinal))
                {
                    w.WriteStartObject();
                    w.WriteString("side", side);
                    w.WriteString("kind", policy.Source.Kind);
                    w.WriteString("namespace", policy.Namespace);
                    w.WriteString("name", policy.Name);
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
            w.WriteStartArray("ports");
            foreach (var range in r.Ports)
            {
                w.WriteStringValue(range.ToString());
            }

            w.WriteEndArray();
            foreach (var (side, d) in new[] { ("egress", r.Egress), ("ingress", r.Ingress) })
            {
                w.WriteStartObject(side);
                w.WriteBoolean("allowed", d.Allowed);
                w.WriteBoolean("isolated", d.Isolated);
                w.WriteBoolean("external", d.External);
                w.WriteStartArray("rules");
                foreach (var rule in d.Rules)
                {
                    w.WriteStringValue(rule);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static string MatrixText(ReachMatrix m)
    {
        var sb = new StringBuilder();
        var n = m.Endpoints.Count;
        for (var i = 0; i < n; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1,4}  {m.Endpoints[i].QualifiedId}\n");
        }

        sb.Append("\nfrom \\ to  ");
        for (var j = 0; j < n; j++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{(j + 1) % 10}");
        }

        sb.Append('\n');
        for (var i = 0; i < n; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1,9}  ");
            for (var j = 0; j < n; j++)
            {
                sb.Append(m.Allowed(i, j) ? '#' : '.');
            }

            sb.Append('\n');
        }

        sb.Append(CultureInfo.InvariantCulture, $"\n# = allowed on some port, . = denied; {m.AllowedCount} of {n * n} pairs allowed\n");
        return sb.ToString();
    }

    private static string MatrixJson(ReachMatrix m)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("workloads");
            foreach (var e in m.Endpoints)
            {
                w.WriteStringValue(e.QualifiedId);
            }

            w.WriteEndArray();
            w.WriteStartArray("allowed");
            for (var i = 0; i < m.Endpoints.Count; i++)
            {
                var row = new StringBuilder(m.Endpoints.Count);
                for (var j = 0; j < m.Endpoints.Count; j++)
                {
                    row.Append(m.Allowed(i, j) ? '1' : '0');
                }

                w.WriteStringValue(row.ToString());
            }

            w.WriteEndArray();
            w.WriteNumber("allowedPairs", m.AllowedCount);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static string MatrixHtml(ReachMatrix m)
    {
        const int cell = 14, labelWidth = 320;
        var n = m.Endpoints.Count;
        var size = labelWidth + (n * cell) + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n");
        for (var i = 0; i < n; i++)
        {
            var id = X(m.Endpoints[i].QualifiedId);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{labelWidth + (i * cell) + 11}\" text-anchor=\"end\">{id}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({labelWidth + (i * cell) + 10},{labelWidth - 6}) rotate(-60)\">{id}</text>\n");
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var ok = m.Allowed(i, j);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{labelWidth + (j * cell)}\" y=\"{labelWidth + (i * cell)}\" width=\"{cell - 1}\" height=\"{cell - 1}\" fill=\"{(ok ? "#dc2626" : "#e5e7eb")}\"><title>{X(m.Endpoints[i].QualifiedId)} → {X(m.Endpoints[j].QualifiedId)}: {(ok ? "allowed" : "denied")}</title></rect>\n");
            }
        }

        svg.Append("</svg>\n");
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>PhiGuard reachability matrix</title></head>\n<body>\n" +
               $"<h1>Reachability matrix</h1>\n<p>Rows are sources, columns destinations; red: allowed on some port ({m.AllowedCount} of {n * n} pairs), grey: denied.</p>\n" +
               svg + "</body></html>\n";
    }

    private static string X(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
