using System.Text;
using PhiGuard.AuditTrail.Detections;
using PhiGuard.AuditTrail.Events;
using PhiGuard.AuditTrail.Tests.Support;

namespace PhiGuard.AuditTrail.Tests.Detections;

/// <summary>Every built-in rule fires on its firing fixture events and stays quiet on near-misses.</summary>
public sealed class DetectionRuleTests
{
    private static readonly DetectionOptions Options = new()
    {
        PhiNamespaces = new HashSet<string>(["billing", "records"], StringComparer.Ordinal),
        BreakGlassUsers = new HashSet<string>(["breakglass@example.com"], StringComparer.Ordinal),
    };

    private const string PrivilegedPod = """{"kind":"Pod","spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y","securityContext":{"privileged":true}}]}}""";
    private const string PlainPod = """{"kind":"Pod","spec":{"containers":[{"name":"a","image":"x","securityContext":{"privileged":false}}],"volumes":[{"name":"d","emptyDir":{}}]}}""";
    private const string HostPathPod = """{"kind":"Pod","spec":{"containers":[{"name":"a","image":"x"}],"volumes":[{"name":"h","hostPath":{"path":"/var/run"}}]}}""";
    private const string AdminBinding = """{"kind":"ClusterRoleBinding","roleRef":{"kind":"ClusterRole","name":"cluster-admin"},"subjects":[{"kind":"User","name":"eve"}]}""";
    private const string ViewBinding = """{"kind":"ClusterRoleBinding","roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"eve"}]}""";
    private const string PsaNamespace = """{"kind":"Namespace","metadata":{"name":"billing","labels":{"pod-security.kubernetes.io/enforce":"privileged"}}}""";
    private const string PlainNamespace = """{"kind":"Namespace","metadata":{"name":"billing","labels":{"team":"billing"}}}""";
    private const string Impersonating = ""","impersonatedUser":{"username":"system:admin","groups":["system:masters"]}""";

    /// <summary>rule id → (events that must fire it, events that must not).</summary>
    private static readonly Dictionary<string, (string[] Fire, string[] Quiet)> Cases = new()
    {
        ["exec-into-phi-namespace"] = (
            [E(1, "create", "pods", "billing", sub: "exec"), E(2, "get", "pods", "records", sub: "portforward"), E(3, "create", "pods", "billing", sub: "attach")],
            [E(4, "create", "pods", "web", sub: "exec"), E(5, "get", "pods", "billing", sub: "log")]),
        ["human-secret-read-in-phi-namespace"] = (
            [E(1, "get", "secrets", "billing"), E(2, "list", "secrets", "records")],
            [E(3, "get", "secrets", "billing", user: "system:serviceaccount:billing:api"), E(4, "get", "secrets", "web"), E(5, "get", "secrets", "billing", code: 403)]),
        ["rbac-change"] = (
            [E(1, "create", "rolebindings", "billing"), E(2, "delete", "clusterroles", "")],
            [E(3, "get", "rolebindings", "billing"), E(4, "create", "configmaps", "billing")]),
        ["new-cluster-admin-binding"] = (
            [E(1, "create", "clusterrolebindings", "", request: AdminBinding)],
            [E(2, "create", "clusterrolebindings", "", request: ViewBinding), E(3, "create", "clusterrolebindings", "")]),
        ["anonymous-request"] = (
            [E(1, "get", "namespaces", "", user: "system:anonymous", code: 403)],
            [E(2, "get", "namespaces", "", user: "alice@example.com")]),
        ["forbidden-burst"] = (
            Enumerable.Range(1, 10).Select(i => E(i, "get", "secrets", "web", user: "mallory", code: 403)).ToArray(),
            [.. Enumerable.Range(1, 9).Select(i => E(i, "get", "secrets", "web", user: "mallory", code: 403)),
             .. Enumerable.Range(100, 5).Select(i => E(i, "get", "secrets", "web", user: "trent", code: 403))]),
        ["impersonation"] = (
            [E(1, "get", "pods", "web", extra: Impersonating)],
            [E(2, "get", "pods", "web")]),
        ["privileged-pod-created"] = (
            [E(1, "create", "pods", "web", request: PrivilegedPod)],
            [E(2, "create", "pods", "web", request: PlainPod), E(3, "get", "pods", "web", request: PrivilegedPod)]),
        ["hostpath-pod-created"] = (
            [E(1, "create", "pods", "web", request: HostPathPod)],
            [E(2, "create", "pods", "web", request: PlainPod)]),
        ["webhook-configuration-change"] = (
            [E(1, "patch", "validatingwebhookconfigurations", ""), E(2, "delete", "mutatingwebhookconfigurations", "")],
            [E(3, "get", "validatingwebhookconfigurations", "")]),
        ["audit-policy-change"] = (
            [E(1, "update", "configmaps", "kube-system", name: "audit-policy"), E(2, "delete", "pods", "kube-system", name: "kube-apiserver-cp1")],
            [E(3, "update", "configmaps", "kube-system", name: "coredns"), E(4, "update", "configmaps", "web", name: "audit-policy")]),
        ["psa-label-change"] = (
            [E(1, "patch", "namespaces", "", request: PsaNamespace)],
            [E(2, "patch", "namespaces", "", request: PlainNamespace)]),
        ["break-glass-use"] = (
            [E(1, "get", "pods", "web", user: "breakglass@example.com")],
            [E(2, "get", "pods", "web")]),
    };

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var r in RuleSet.BuiltIn())
        {
            data.Add(r.Id);
        }

        return data;
    }

    [Fact]
    public void Every_built_in_rule_has_cases_and_every_case_a_rule()
    {
        Assert.Equal(RuleSet.BuiltIn().Select(r => r.Id).Order(), Cases.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_fires_on_its_events_and_not_on_near_misses(string id)
    {
        var (fire, quiet) = Cases[id];
        var fired = Run(fire).Where(a => a.RuleId == id).ToList();
        Assert.NotEmpty(fired);
        if (RuleSet.BuiltIn().Single(r => r.Id == id).Threshold is null)
        {
            Assert.Equal(fire.Length, fired.Count);
        }

        Assert.DoesNotContain(Run(quiet), a => a.RuleId == id);
    }

    [Fact]
    public void A_request_seen_at_two_stages_alerts_once()
    {
        var started = E(1, "create", "pods", "billing", sub: "exec", stage: "ResponseStarted");
        var done = E(1, "create", "pods", "billing", sub: "exec");
        var received = E(1, "create", "pods", "billing", sub: "exec", stage: "RequestReceived");
        Assert.Single(Run([received, started, done]), a => a.RuleId == "exec-into-phi-namespace");
    }

    [Fact]
    public void Alerts_name_who_did_what_where_but_carry_no_request_body()
    {
        var a = Assert.Single(Run([E(1, "create", "clusterrolebindings", "", request: AdminBinding)]), x => x.RuleId == "new-cluster-admin-binding");
        Assert.Equal("alice@example.com", a.User);
        Assert.Equal("clusterrolebindings", a.Resource);
        Assert.DoesNotContain("roleRef", a.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_files_with_typos_or_duplicates_are_refused_with_the_file_name()
    {
        var typo = Assert.Throws<InvalidDataException>(() => RuleSet.Parse("""{"rules":[{"id":"x","title":"t","severity":"low","match":{"verb":["get"]}}]}""", "my-rules.json"));
        Assert.Contains("my-rules.json", typo.Message, StringComparison.Ordinal);
        var dup = Assert.Throws<InvalidDataException>(() => RuleSet.Parse("""{"rules":[{"id":"x","title":"t","severity":"low","match":{}},{"id":"x","title":"t","severity":"low","match":{}}]}""", "my-rules.json"));
        Assert.Contains("used twice", dup.Message, StringComparison.Ordinal);
    }

    private static List<Alert> Run(IEnumerable<string> events)
    {
        var detector = new Detector(RuleSet.BuiltIn(), Options);
        return events.SelectMany(e => detector.Inspect(AuditEventParser.ParseLine(Encoding.UTF8.GetBytes(e), "fixture"))).ToList();
    }

    private static string E(int n, string verb, string resource, string ns, string user = "alice@example.com", int code = 200,
        string? sub = null, string? request = null, string? extra = null, string stage = "ResponseComplete", string? name = null)
    {
        var e = TestEvents.Event(n, verb, resource, ns, user, code, sub, stage, requestObject: request, extra: extra);
        return name is null ? e : e.Replace($"\"name\":\"item-{n}\"", $"\"name\":\"{name}\"", StringComparison.Ordinal);
    }
}
