using PhiGuard.Core.Analysis.Rbac;

namespace PhiGuard.Cli.Commands;

/// <summary>Plain-text tables for the rbac commands (no colour: the answers are meant to be read and diffed).</summary>
internal static class RbacText
{
    private static readonly string[] WhoCanHeader = ["SUBJECT", "BINDING", "ROLE"];
    private static readonly string[] CanHeader = ["RESOURCES", "NON-RESOURCE URLS", "RESOURCE NAMES", "VERBS", "VIA"];

    public static void WhoCan(TextWriter w, AccessRequest request, string scope, IReadOnlyList<SubjectGrants> who)
    {
        w.WriteLine($"Who can {request} in {scope}: {who.Count} subject(s)");
        if (who.Count == 0)
        {
            return;
        }

        var rows = new List<string[]> { WhoCanHeader };
        foreach (var s in who)
        {
            var first = true;
            foreach (var g in s.Grants)
            {
                rows.Add([first ? s.Subject.ToString() : string.Empty, g.Binding.ToString(), g.Role.ToString()]);
                first = false;
            }
        }

        Table(w, rows);
    }

    public static void Can(TextWriter w, RbacSubject subject, RbacIdentity identity, IReadOnlyList<Grant> grants)
    {
        w.WriteLine($"{subject}: user {identity.UserName ?? "(none)"}, groups {string.Join(", ", identity.Groups)}");
        if (grants.Count == 0)
        {
            w.WriteLine("No rules: every request is denied.");
            return;
        }

        foreach (var scope in grants.GroupBy(g => g.Namespace).OrderBy(g => g.Key ?? string.Empty, StringComparer.Ordinal))
        {
            w.WriteLine();
            w.WriteLine(scope.Key is null ? "Every namespace and cluster scope (ClusterRoleBindings):" : $"Namespace {scope.Key} (RoleBindings):");
            var rows = new List<string[]> { CanHeader };
            foreach (var g in scope)
            {
                var r = g.Rule;
                var resources = r.Resources.SelectMany(res => r.ApiGroups.Select(grp => grp.Length == 0 ? res : $"{res}.{grp}"));
                rows.Add([List(resources), List(r.NonResourceUrls), List(r.ResourceNames), List(r.Verbs), $"{g.Binding} → {g.Role}"]);
            }

            Table(w, rows);
        }
    }

    public static void Paths(TextWriter w, IReadOnlyList<EscalationPath> paths)
    {
        w.WriteLine($"{paths.Count} privilege-escalation path(s)");
        foreach (var p in paths)
        {
            w.WriteLine($"- [{p.Capability.Id}] {p.Chain}");
        }
    }

    private static string List(IEnumerable<string> items)
    {
        var s = string.Join(" ", items);
        return s.Length == 0 ? "[]" : "[" + s + "]";
    }

    private static void Table(TextWriter w, List<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows)
        {
            var cells = row.Select((c, i) => i == row.Length - 1 ? c : c.PadRight(widths[i]));
            w.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
