using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Audit;

/// <summary>
/// Audit events leave the control-plane node: an audit webhook backend, or a log-shipper DaemonSet that runs on
/// control-plane nodes and tails <c>--audit-log-path</c>; a local log keeps <c>maxage</c> ≥ 30, <c>maxbackup</c> ≥ 10,
/// <c>maxsize</c> ≥ 100. Managed: EKS control-plane logging includes audit.
/// </summary>
internal sealed partial class AuditShippedCentral : ApiServerControl
{
    private static readonly (string Flag, int Minimum, string Unit)[] Buffer =
    [
        ("audit-log-maxage", 30, "days"),
        ("audit-log-maxbackup", 10, "files"),
        ("audit-log-maxsize", 100, "MB"),
    ];

    /// <summary>Image repositories (last path segments) and DaemonSet names of log shippers.</summary>
    private static readonly string[] Shippers =
    [
        "fluent-bit", "fluentbit", "fluentd", "vector", "opentelemetry-collector", "opentelemetry-collector-contrib",
        "opentelemetry-collector-k8s", "otel-collector", "otelcol", "otelcol-contrib", "splunk-otel-collector", "alloy",
        "promtail", "filebeat", "elastic-agent",
    ];

    private static readonly string[] ControlPlaneTaints = ["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"];

    public override string Id => "audit-shipped-central";

    public override string Title => "Audit logs are shipped off the node to a central store";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(b)", "164.308(a)(1)(ii)(D)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-092", "hipaa-093"];

    public override IReadOnlyList<string> Requirements => ["S32"];

    public override IReadOnlyList<string> Kinds => ["Pod", "DaemonSet", "ConfigMap", "Node", ProviderDescription.Kind];

    public override string Rationale =>
        "An audit log that stays on the control-plane node is lost with the node and can be edited by whoever gains " +
        "root there; shipping it to a central store is what makes activity review (164.308(a)(1)(ii)(D)) and " +
        "retention possible. A local buffer that rotates too soon loses events while the shipper is down.";

    public override string Remediation =>
        "Send audit events to a central store: `--audit-webhook-config-file` pointing at a collector outside the " +
        "node, or a Fluent Bit/Vector/OpenTelemetry Collector DaemonSet that tolerates the control-plane taint, mounts " +
        "the audit log's host directory and tails `--audit-log-path`. Keep a local buffer: `--audit-log-maxage=30`, " +
        "`--audit-log-maxbackup=10`, `--audit-log-maxsize=100` (or more). EKS: enable `audit` in " +
        "`logging.clusterLogging`.";

    public override string Remarks =>
        "A shipper is a DaemonSet whose name or image is a known log shipper (Fluent Bit, Fluentd, Vector, OpenTelemetry " +
        "Collector, Grafana Alloy, Promtail, Filebeat, Elastic Agent); it counts when a ConfigMap it mounts names the " +
        "audit log path (exactly, or by a glob such as `/var/log/kubernetes/audit/*.log`), it mounts a hostPath that " +
        "contains the path, and it tolerates the control-plane node's NoSchedule taints (the Node's taints when the " +
        "Node is in the input, else kubeadm's `node-role.kubernetes.io/control-plane`). `--audit-log-path=-` (stdout) " +
        "counts when a shipper tails `/var/log/containers` or `/var/log/pods`. A shipper whose ConfigMap is not in " +
        "the input leaves the control not assessable. The rotation flags are judged whenever a log file is written; " +
        "absent they mean keep-forever or the default 100 MB, which CIS does not accept, so absent fails. Shipper lag " +
        "(< 5 min in CONTROLS.md) is a runtime metric that no configuration shows; it is not judged. EKS is judged " +
        "from `logging.clusterLogging`; AKS diagnostic settings and GKE log sinks are not in the cluster description, " +
        "so those are not assessable.";

    protected override void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
        var failed = false;
        bool? shipped = true;
        var webhook = api.Flags.Value("audit-webhook-config-file");
        var logPath = api.Flags.Value("audit-log-path");
        if (!string.IsNullOrEmpty(webhook))
        {
            verdict.Pass(api.Pod, $"{api.Pod.Name}: audit events are sent to the webhook configured in {webhook}");
        }
        else if (string.IsNullOrEmpty(logPath))
        {
            verdict.Fail(api.Pod, api.PathOf("audit-webhook-config-file"), $"{api.Pod.Name}: neither --audit-webhook-config-file nor --audit-log-path is set, so no audit event leaves the API server");
            return;
        }
        else
        {
            shipped = CheckShipper(api, logPath, context, verdict);
            failed |= shipped == false;
        }

        if (!string.IsNullOrEmpty(logPath) && logPath != "-")
        {
            foreach (var (flag, minimum, unit) in Buffer)
            {
                var value = api.Flags.Value(flag);
                if (string.IsNullOrEmpty(value))
                {
                    verdict.Fail(api.Pod, api.PathOf(flag), $"{api.Pod.Name}: --{flag} is not set; keep at least {minimum} {unit} of local audit log");
                    failed = true;
                }
                else if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < minimum)
                {
                    verdict.Fail(api.Pod, api.PathOf(flag), $"{api.Pod.Name}: --{flag}={value} is below {minimum} {unit}");
                    failed = true;
                }
            }
        }

        if (!failed && shipped == true && string.IsNullOrEmpty(webhook))
        {
            verdict.Pass(api.Pod, $"{api.Pod.Name}: {logPath} is shipped and rotated within the CIS buffer");
        }
    }

    protected override bool CheckManaged(ProviderDescription provider, ControlContext context, ClusterVerdict verdict)
    {
        if (provider.Provider != "eks")
        {
            return false;
        }

        var audit = provider.Get("logging")?.GetArray("clusterLogging")
            .Any(l => l.GetBool("enabled") == true && l.GetArray("types").Any(t => t.GetString() == "audit")) == true;
        if (audit)
        {
            verdict.Pass(provider.Object, "EKS sends the control plane's audit log to CloudWatch Logs");
        }
        else
        {
            verdict.Fail(provider.Object, provider.PathOf("logging.clusterLogging"), "EKS control-plane logging does not enable audit, so audit events are not delivered to any store");
        }

        return true;
    }

    /// <summary>
    /// True when a shipper carries the log off the node; false after recording a failure; null after recording that
    /// it cannot be told (a shipper's configuration is not in the input).
    /// </summary>
    private static bool? CheckShipper(ControlPlaneComponent api, string logPath, ControlContext context, ClusterVerdict verdict)
    {
        var taints = ControlPlaneTaintsOf(api, context.Inventory);
        var problems = new List<(KubeObject Ds, string Path, string Why)>();
        var unreadable = new List<string>();
        foreach (var ds in context.Inventory.OfKind("DaemonSet").Where(IsShipper).OrderBy(d => d.Ref))
        {
            var spec = ds.Json.GetPath("spec.template.spec");
            if (spec is not { } podSpec)
            {
                continue;
            }

            var (text, missing) = ConfigText(ds, podSpec, context.Inventory);
            if (!Tails(text, logPath))
            {
                unreadable.AddRange(missing.Select(m => $"{ds.Namespace}/{ds.Name} mounts ConfigMap {m}, which is not in the input"));
                continue;
            }

            if (logPath != "-" && !MountsHostPathOf(podSpec, logPath))
            {
                problems.Add((ds, "spec.template.spec.volumes", $"DaemonSet {ds.Namespace}/{ds.Name} tails {logPath} but mounts no hostPath that contains it, so it reads its own filesystem, not the node's"));
                continue;
            }

            var untolerated = taints.Where(t => !Tolerates(podSpec, t)).ToList();
            if (untolerated.Count > 0)
            {
                problems.Add((ds, "spec.template.spec.tolerations", $"DaemonSet {ds.Namespace}/{ds.Name} tails {logPath} but does not tolerate the taint {string.Join(", ", untolerated)}, so it does not run on {api.Node ?? "the control-plane node"} where the log is written"));
                continue;
            }

            verdict.Pass(ds, $"DaemonSet {ds.Namespace}/{ds.Name} tails {logPath} on the control-plane nodes");
            return true;
        }

        foreach (var (ds, path, why) in problems)
        {
            verdict.Fail(ds, path, why);
        }

        if (problems.Count > 0)
        {
            return false;
        }

        if (unreadable.Count > 0)
        {
            foreach (var u in unreadable)
            {
                verdict.NotAssessable(api.Pod, $"{api.Pod.Name}: cannot tell whether {logPath} is shipped: {u}");
            }

            return null;
        }

        verdict.Fail(api.Pod, api.PathOf("audit-log-path"), $"{api.Pod.Name}: audit events go only to {logPath} and no --audit-webhook-config-file or log-shipper DaemonSet (Fluent Bit, Vector, OpenTelemetry Collector …) tails it, so they stay on the node");
        return false;
    }

    private static bool IsShipper(KubeObject ds)
    {
        if (Shippers.Any(s => ds.Name == s || ds.Name.StartsWith(s + "-", StringComparison.Ordinal) || ds.Name.EndsWith("-" + s, StringComparison.Ordinal)))
        {
            return true;
        }

        return (ds.Json.GetPath("spec.template.spec")?.GetArray("containers") ?? [])
            .Select(c => c.GetString("image") ?? string.Empty)
            .Select(i => ImageRef.Parse(i).Repository)
            .Any(r => Shippers.Contains(r[(r.LastIndexOf('/') + 1)..], StringComparer.Ordinal));
    }

    /// <summary>The text of every ConfigMap the shipper mounts, and the names of those not in the input.</summary>
    private static (string Text, List<string> Missing) ConfigText(KubeObject ds, JsonElement podSpec, Inventory inventory)
    {
        var names = new List<string>();
        foreach (var v in podSpec.GetArray("volumes"))
        {
            if (v.GetObject("configMap")?.GetString("name") is { } n)
            {
                names.Add(n);
            }

            names.AddRange((v.GetObject("projected")?.GetArray("sources") ?? [])
                .Select(s => s.GetObject("configMap")?.GetString("name")).OfType<string>());
        }

        var text = new List<string>();
        var missing = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (inventory.Find("ConfigMap", ds.Namespace, name) is not { } cm)
            {
                missing.Add(name);
                continue;
            }

            if (cm.Json.GetObject("data") is { ValueKind: JsonValueKind.Object } data)
            {
                text.AddRange(data.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value.GetString()!));
            }
        }

        // Some charts pass the input path as an argument instead of in the config file.
        foreach (var c in podSpec.GetArray("containers"))
        {
            text.AddRange(c.GetArray("args").Concat(c.GetArray("command")).Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
        }

        return (string.Join('\n', text), missing);
    }

    /// <summary>True when a path or glob in the shipper's configuration covers <paramref name="logPath"/>.</summary>
    private static bool Tails(string config, string logPath)
    {
        foreach (Match m in PathToken().Matches(config))
        {
            var token = m.Value.TrimEnd(',', ';', ']', ')');
            if (logPath == "-")
            {
                if (token.StartsWith("/var/log/containers", StringComparison.Ordinal) || token.StartsWith("/var/log/pods", StringComparison.Ordinal))
                {
                    return true;
                }

                continue;
            }

            if (token == logPath || (token.IndexOfAny(['*', '?']) >= 0 && GlobMatches(token, logPath)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool GlobMatches(string glob, string path)
    {
        var pattern = "^" + Regex.Escape(glob).Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(path, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    private static bool MountsHostPathOf(JsonElement podSpec, string logPath) =>
        podSpec.GetArray("volumes")
            .Select(v => v.GetObject("hostPath")?.GetString("path"))
            .OfType<string>()
            .Select(p => p.TrimEnd('/'))
            .Any(p => p.Length == 0 || logPath.StartsWith(p + "/", StringComparison.Ordinal));

    /// <summary>The NoSchedule/NoExecute taint keys of the API server's node (kubeadm's when the Node is not in the input).</summary>
    private static List<string> ControlPlaneTaintsOf(ControlPlaneComponent api, Inventory inventory)
    {
        if (api.Node is { } name && inventory.Find("Node", null, name) is { } node)
        {
            return (node.Json.GetPath("spec")?.GetArray("taints") ?? [])
                .Where(t => t.GetString("effect") is "NoSchedule" or "NoExecute")
                .Select(t => t.GetString("key") ?? string.Empty)
                .Where(k => k.Length > 0)
                .ToList();
        }

        return [ControlPlaneTaints[0]];
    }

    private static bool Tolerates(JsonElement podSpec, string taintKey) =>
        podSpec.GetArray("tolerations").Any(t =>
            (t.GetString("operator") == "Exists" && string.IsNullOrEmpty(t.GetString("key"))) ||
            (t.GetString("key") == taintKey && (t.GetString("operator") == "Exists" || string.IsNullOrEmpty(t.GetString("value")))));

    [GeneratedRegex(@"/[A-Za-z0-9_.\-*?/{}]+")]
    private static partial Regex PathToken();
}
