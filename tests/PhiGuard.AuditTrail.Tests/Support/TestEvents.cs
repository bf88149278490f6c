using System.Globalization;
using System.Text;
using PhiGuard.AuditTrail.Events;

namespace PhiGuard.AuditTrail.Tests.Support;

/// <summary>Realistic audit.k8s.io/v1 events (about 1–2 KB each, as the API server's webhook backend sends them).</summary>
internal static class TestEvents
{
    public static string Event(
        int n, string verb = "get", string resource = "pods", string ns = "billing", string user = "alice@example.com",
        int code = 200, string? subresource = null, string stage = "ResponseComplete", string? auditId = null,
        string? requestObject = null, string? extra = null)
    {
        var ts = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).AddSeconds(n).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
        var id = auditId ?? $"{n:x8}-1b2c-4d5e-8f90-{n:x12}";
        var sub = subresource is null ? string.Empty : $",\"subresource\":\"{subresource}\"";
        var req = requestObject is null ? string.Empty : $",\"requestObject\":{requestObject}";
        var template = """
            {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"@ID@","stage":"@STAGE@",
             "requestURI":"/api/v1/namespaces/@NS@/@RES@/item-@N@","verb":"@VERB@",
             "user":{"username":"@USER@","groups":["system:authenticated","oidc:clinic-staff"],"extra":{"authentication.kubernetes.io/credential-id":["JTI=6c2f0a1e-@N@"]}},
             "sourceIPs":["10.20.30.@IP@"],"userAgent":"kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46",
             "objectRef":{"resource":"@RES@","namespace":"@NS@","name":"item-@N@","apiVersion":"v1"@SUB@},
             "responseStatus":{"metadata":{},"code":@CODE@},
             "requestReceivedTimestamp":"@TS@","stageTimestamp":"@TS@",
             "annotations":{"authorization.k8s.io/decision":"@DEC@","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \"clinic-staff-view\" of ClusterRole \"view\" to Group \"oidc:clinic-staff\"","pod-security.kubernetes.io/enforce-policy":"restricted:latest"}@REQ@@EXTRA@}
            """;
        return template.Replace("\n", string.Empty, StringComparison.Ordinal)
            .Replace("@ID@", id, StringComparison.Ordinal).Replace("@STAGE@", stage, StringComparison.Ordinal)
            .Replace("@NS@", ns, StringComparison.Ordinal).Replace("@RES@", resource, StringComparison.Ordinal)
            .Replace("@VERB@", verb, StringComparison.Ordinal).Replace("@USER@", user, StringComparison.Ordinal)
            .Replace("@IP@", (n % 250).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@SUB@", sub, StringComparison.Ordinal).Replace("@CODE@", code.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@TS@", ts, StringComparison.Ordinal).Replace("@DEC@", code == 403 ? "forbid" : "allow", StringComparison.Ordinal)
            .Replace("@REQ@", req, StringComparison.Ordinal).Replace("@EXTRA@", extra ?? string.Empty, StringComparison.Ordinal)
            .Replace("@N@", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    public static string EventList(IEnumerable<string> events) =>
        "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[" + string.Join(",", events) + "]}";

    public static string EventList(int from, int count) => EventList(Enumerable.Range(from, count).Select(i => Event(i)));

    public static IReadOnlyList<AuditEvent> Parsed(int from, int count) =>
        AuditEventParser.ParseEventList(Encoding.UTF8.GetBytes(EventList(from, count)));
}
