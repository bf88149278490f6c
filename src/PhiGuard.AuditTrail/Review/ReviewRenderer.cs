using System.Globalization;
using System.Net;
using System.Text;
using PhiGuard.AuditTrail.Stores;

namespace PhiGuard.AuditTrail.Review;

/// <summary>Renders an <see cref="ActivityReview"/> as Markdown or as a self-contained HTML page; a pure function of the review.</summary>
public static class ReviewRenderer
{
    public static string Markdown(ActivityReview r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        sb.Append("# Audit activity review\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Period: {T(r.From)} to {T(r.To)} · {r.Events} events · PHI namespaces: {(r.PhiNamespaces.Count == 0 ? "none configured" : string.Join(", ", r.PhiNamespaces))}\n\n");
        if (r.Integrity is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Integrity: {r.Integrity}\n\n");
        }

        foreach (var (title, header, rows) in Sections(r))
        {
            sb.Append(CultureInfo.InvariantCulture, $"## {title}\n\n");
            if (rows.Count == 0)
            {
                sb.Append("None.\n\n");
                continue;
            }

            sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
            sb.Append('|').Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
            foreach (var row in rows)
            {
                sb.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    public static string Html(ActivityReview r)
    {
        ArgumentNullException.ThrowIfNull(r);
        static string H(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Audit activity review</title>\n");
        sb.Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}table{border-collapse:collapse;margin-bottom:1.5rem}")
          .Append("td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}th{background:#f3f3f3}</style></head><body>\n");
        sb.Append("<h1>Audit activity review</h1>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p>Period: {H(T(r.From))} to {H(T(r.To))} · {r.Events} events · PHI namespaces: {H(r.PhiNamespaces.Count == 0 ? "none configured" : string.Join(", ", r.PhiNamespaces))}</p>\n");
        if (r.Integrity is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p>Integrity: {H(r.Integrity)}</p>\n");
        }

        foreach (var (title, header, rows) in Sections(r))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h2>{H(title)}</h2>\n");
            if (rows.Count == 0)
            {
                sb.Append("<p>None.</p>\n");
                continue;
            }

            sb.Append("<table><tr>").Append(string.Concat(header.Select(h => $"<th>{H(h)}</th>"))).Append("</tr>\n");
            foreach (var row in rows)
            {
                sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{H(c)}</td>"))).Append("</tr>\n");
            }

            sb.Append("</table>\n");
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static IEnumerable<(string Title, string[] Header, IReadOnlyList<string[]> Rows)> Sections(ActivityReview r)
    {
        yield return ("Alerts", ["Time", "Severity", "Rule", "Detail"],
            r.Alerts.Select(a => new[] { T(a.Time), a.Severity, a.RuleId, a.Detail }).ToList());
        yield return ("Access to PHI namespaces", ["User", "Requests", "Verbs"],
            r.PhiAccess.Select(a => new[] { a.User, a.Count.ToString(CultureInfo.InvariantCulture), a.Verbs }).ToList());
        yield return ("Secret reads", EventHeader, r.SecretReads.Select(Row).ToList());
        yield return ("Exec, attach and port-forward sessions", EventHeader, r.ExecSessions.Select(Row).ToList());
        yield return ("RBAC changes", EventHeader, r.RbacChanges.Select(Row).ToList());
        yield return ("Denied requests (401/403)", ["User", "Requests"],
            r.Denied.Select(d => new[] { d.User, d.Count.ToString(CultureInfo.InvariantCulture) }).ToList());
    }

    private static readonly string[] EventHeader = ["Time", "User", "Verb", "Object", "Namespace", "Code", "Log index"];

    private static string[] Row(StoredEvent e) =>
    [
        T(e.Event.Timestamp), e.Event.User, e.Event.Verb,
        (e.Event.Subresource.Length > 0 ? $"{e.Event.Resource}/{e.Event.Subresource}" : e.Event.Resource) + (e.Event.Name.Length > 0 ? " " + e.Event.Name : string.Empty),
        e.Event.Namespace, e.Event.Code.ToString(CultureInfo.InvariantCulture), e.Index.ToString(CultureInfo.InvariantCulture),
    ];

    private static string T(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
