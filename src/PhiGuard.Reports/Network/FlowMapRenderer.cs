using System.Globalization;
using System.Text;
using PhiGuard.Core.Analysis.Network;

namespace PhiGuard.Reports.Network;

/// <summary>
/// Renders a <see cref="PhiFlowMap"/> as Mermaid, Graphviz DOT or a standalone SVG; each output is a pure function
/// of the map, so the same cluster gives the same bytes.
/// </summary>
public static class FlowMapRenderer
{
    public static string Mermaid(PhiFlowMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var ids = ShortIds(map);
        var sb = new StringBuilder("flowchart LR\n");
        foreach (var group in map.Nodes.GroupBy(n => n.Namespace ?? string.Empty).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var inside = group.Key.Length > 0;
            if (inside)
            {
                var phi = group.Any(n => n.Phi);
                sb.Append(CultureInfo.InvariantCulture, $"  subgraph ns_{Safe(group.Key)}[\"{(phi ? "PHI namespace " : "namespace ")}{Esc(group.Key)}\"]\n");
            }

            foreach (var n in group)
            {
                var (open, close) = n.Kind switch
                {
                    MapNodeKind.Service => ("([", "])"),
                    MapNodeKind.Ingress => ("[/", "/]"),
                    MapNodeKind.Internet or MapNodeKind.CloudMetadata => ("((", "))"),
                    _ => ("[", "]"),
                };
                sb.Append(CultureInfo.InvariantCulture, $"{(inside ? "    " : "  ")}{ids[n.Id]}{open}\"{Esc(n.Label)}\"{close}\n");
            }

            if (inside)
            {
                sb.Append("  end\n");
            }
        }

        foreach (var e in map.Edges)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {ids[e.From]} {(e.IsFlow ? "-->" : "-.->")}|\"{Esc(e.Label)}\"| {ids[e.To]}\n");
        }

        foreach (var n in map.Nodes.Where(n => n.Phi))
        {
            sb.Append(CultureInfo.InvariantCulture, $"  class {ids[n.Id]} phi\n");
        }

        sb.Append("  classDef phi fill:#fde8e8,stroke:#b91c1c\n");
        return sb.ToString();
    }

    public static string Dot(PhiFlowMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var sb = new StringBuilder("digraph phi_data_flow {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        var i = 0;
        foreach (var group in map.Nodes.GroupBy(n => n.Namespace ?? string.Empty).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var inside = group.Key.Length > 0;
            if (inside)
            {
                var phi = group.Any(n => n.Phi);
                sb.Append(CultureInfo.InvariantCulture, $"  subgraph cluster_{i++} {{\n    label=\"{(phi ? "PHI namespace " : "namespace ")}{DotEsc(group.Key)}\";\n{(phi ? "    color=\"#b91c1c\";\n" : string.Empty)}");
            }

            foreach (var n in group)
            {
                var shape = n.Kind switch
                {
                    MapNodeKind.Service => "ellipse",
                    MapNodeKind.Ingress => "parallelogram",
                    MapNodeKind.Internet or MapNodeKind.CloudMetadata => "doublecircle",
                    _ => "box",
                };
                sb.Append(CultureInfo.InvariantCulture, $"{(inside ? "    " : "  ")}\"{DotEsc(n.Id)}\" [label=\"{DotEsc(n.Label)}\", shape={shape}{(n.Phi ? ", style=filled, fillcolor=\"#fde8e8\"" : string.Empty)}];\n");
            }

            if (inside)
            {
                sb.Append("  }\n");
            }
        }

        foreach (var e in map.Edges)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  \"{DotEsc(e.From)}\" -> \"{DotEsc(e.To)}\" [label=\"{DotEsc(e.Label)}\"{(e.IsFlow ? string.Empty : ", style=dashed")}];\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>
    /// A standalone SVG in three columns: what reaches PHI from outside, the PHI namespaces with their workloads,
    /// Services and Ingresses, and where PHI workloads may send traffic outside their namespaces.
    /// </summary>
    public static string Svg(PhiFlowMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        const int w = 240, h = 26, gap = 8, colIn = 20, colPhi = 360, colOut = 700, top = 60;
        var inbound = map.Nodes.Where(n => !n.Phi && map.Edges.Any(e => e.From == n.Id && IsPhi(map, e.To))).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var pos = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        var body = new StringBuilder();
        var y = top;
        foreach (var n in map.Nodes.Where(n => inbound.Contains(n.Id)))
        {
            pos[n.Id] = (colIn, y);
            y += h + gap;
        }

        var leftBottom = y;
        y = top;
        foreach (var ns in map.Nodes.Where(n => n.Phi).GroupBy(n => n.Namespace!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = ns.OrderBy(n => n.Kind == MapNodeKind.Ingress ? 0 : n.Kind == MapNodeKind.Service ? 1 : 2).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
            var boxHeight = 30 + (members.Count * (h + gap));
            body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{colPhi - 10}\" y=\"{y}\" width=\"{w + 20}\" height=\"{boxHeight}\" rx=\"6\" fill=\"#fff5f5\" stroke=\"#b91c1c\"/>\n");
            body.Append(CultureInfo.InvariantCulture, $"<text x=\"{colPhi}\" y=\"{y + 18}\" font-weight=\"bold\" fill=\"#b91c1c\">PHI namespace {X(ns.Key)}</text>\n");
            var row = y + 30;
            foreach (var n in members)
            {
                pos[n.Id] = (colPhi, row);
                row += h + gap;
            }

            y += boxHeight + 16;
        }

        var middleBottom = y;
        y = top;
        foreach (var n in map.Nodes.Where(n => !n.Phi && !inbound.Contains(n.Id)))
        {
            pos[n.Id] = (colOut, y);
            y += h + gap;
        }

        var height = Math.Max(Math.Max(leftBottom, middleBottom), y) + 20;
        foreach (var e in map.Edges)
        {
            if (!pos.TryGetValue(e.From, out var a) || !pos.TryGetValue(e.To, out var b))
            {
                continue;
            }

            var (x1, y1) = a.X < b.X ? (a.X + w, a.Y + (h / 2)) : (a.X, a.Y + (h / 2));
            var (x2, y2) = a.X < b.X ? (b.X, b.Y + (h / 2)) : a.X > b.X ? (b.X + w, b.Y + (h / 2)) : (b.X, b.Y + (h / 2));
            var bend = a.X == b.X ? $"C {x1 - 60} {y1}, {x2 - 60} {y2}," : $"C {(x1 + x2) / 2} {y1}, {(x1 + x2) / 2} {y2},";
            var colour = e.IsFlow ? "#1d4ed8" : "#6b7280";
            body.Append(CultureInfo.InvariantCulture,
                $"<path d=\"M {x1} {y1} {bend} {x2} {y2}\" fill=\"none\" stroke=\"{colour}\"{(e.IsFlow ? string.Empty : " stroke-dasharray=\"4 3\"")} marker-end=\"url(#arrow)\"><title>{X(Label(map, e.From))} → {X(Label(map, e.To))}: {X(e.Label)}</title></path>\n");
        }

        foreach (var n in map.Nodes)
        {
            if (!pos.TryGetValue(n.Id, out var p))
            {
                continue;
            }

            var fill = n.Kind switch
            {
                MapNodeKind.Internet => "#fef3c7",
                MapNodeKind.CloudMetadata => "#fee2e2",
                MapNodeKind.Service => "#e0f2fe",
                MapNodeKind.Ingress => "#ede9fe",
                _ => n.Phi ? "#ffffff" : "#f3f4f6",
            };
            var text = n.Namespace is not null && !n.Phi ? $"{n.Namespace}/{n.Label}" : n.Label;
            body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{p.X}\" y=\"{p.Y}\" width=\"{w}\" height=\"{h}\" rx=\"4\" fill=\"{fill}\" stroke=\"#374151\"/>\n");
            body.Append(CultureInfo.InvariantCulture, $"<text x=\"{p.X + 8}\" y=\"{p.Y + 17}\">{X(Clip(text, 34))}<title>{X(text)}</title></text>\n");
        }

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{colOut + w + 20}\" height=\"{height}\" viewBox=\"0 0 {colOut + w + 20} {height}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"PHI data-flow map\">\n");
        sb.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#374151\"/></marker></defs>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{colIn}\" y=\"30\" font-weight=\"bold\">Can reach PHI</text><text x=\"{colPhi}\" y=\"30\" font-weight=\"bold\">Where PHI lives</text><text x=\"{colOut}\" y=\"30\" font-weight=\"bold\">Where PHI may go</text>\n");
        if (map.PhiNamespaces.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{colPhi}\" y=\"{top + 16}\">No PHI namespace</text>\n");
        }

        sb.Append(body).Append("</svg>\n");
        return sb.ToString();
    }

    private static bool IsPhi(PhiFlowMap map, string id) => map.Nodes.Any(n => n.Id == id && n.Phi);

    private static string Label(PhiFlowMap map, string id) => map.Nodes.First(n => n.Id == id).Label;

    private static Dictionary<string, string> ShortIds(PhiFlowMap map) =>
        map.Nodes.Select((n, i) => (n.Id, Short: $"n{i}")).ToDictionary(p => p.Id, p => p.Short, StringComparer.Ordinal);

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string Safe(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private static string Esc(string s) => s.Replace("\"", "#quot;", StringComparison.Ordinal);

    private static string DotEsc(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string X(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
