using System.Runtime.CompilerServices;
using System.Text.Json;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Transit;

/// <summary>
/// An Ingress in a PHI namespace serves every host over TLS with a certificate Secret, does not turn off the
/// HTTPS redirect, and its ingress-nginx controller neither disables HSTS nor allows TLS 1.0/1.1.
/// </summary>
internal sealed class IngressTlsAllHosts : ResourceControl
{
    private const string SslRedirect = "nginx.ingress.kubernetes.io/ssl-redirect";
    private const string NginxController = "k8s.io/ingress-nginx";
    private static readonly string[] WeakProtocols = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1"];

    // Found once per inventory, not once per Ingress: finding them walks every workload.
    private static readonly ConditionalWeakTable<Inventory, List<KubeObject>> ConfigMapCache = [];

    public override string Id => "ingress-tls-all-hosts";

    public override string Title => "Ingress in PHI namespaces serves every host over TLS";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(e)(1)", "164.312(e)(2)(ii)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-110", "hipaa-111"];

    public override IReadOnlyList<string> Requirements => ["S20"];

    public override IReadOnlyList<string> Kinds => ["Ingress"];

    public override ControlScope Scope => ControlScope.PhiNamespaces;

    public override string Rationale =>
        "Ingress is where ePHI leaves the cluster for users' browsers and partner systems. A host without TLS, a " +
        "disabled HTTPS redirect, a disabled HSTS header or TLS 1.0/1.1 lets credentials and PHI cross the network " +
        "in clear or under broken cryptography, and HHS breach guidance counts only properly encrypted PHI as secured.";

    public override string Remediation =>
        "List every `spec.rules[].host` under a `spec.tls[]` entry with a `secretName` (a cert-manager Certificate " +
        "keeps it renewed); remove `nginx.ingress.kubernetes.io/ssl-redirect: \"false\"`; in the ingress-nginx " +
        "controller ConfigMap do not set `hsts: \"false\"`, `hsts-max-age: \"0\"` or `ssl-redirect: \"false\"`, and " +
        "keep `ssl-protocols` at `TLSv1.2 TLSv1.3`.";

    public override string Remarks =>
        "Host matching is case-insensitive and a TLS wildcard `*.example.com` covers exactly one label " +
        "(`a.example.com`, not `example.com` or `a.b.example.com`). A rule without a host, or a default backend, is a " +
        "catch-all that answers any name: it passes only when a `spec.tls` entry without hosts (which the Ingress API " +
        "applies to the controller's default host) has a `secretName`; otherwise it fails, because requests to it " +
        "are served without a certificate for their name. A TLS entry without `secretName` fails even though " +
        "ingress-nginx would fall back to its default certificate, which is usually self-signed. The effective HTTPS " +
        "redirect is the Ingress annotation, else the controller ConfigMap's `ssl-redirect`, else on. The controller " +
        "ConfigMap is the one named by a controller's `--configmap=NS/NAME` argument, else any ConfigMap named " +
        "`ingress-nginx-controller` or `nginx-configuration`; when none is in the input the ingress-nginx defaults " +
        "apply (HSTS on, TLSv1.2 and TLSv1.3), which pass. The ConfigMap settings are judged on every Ingress unless " +
        "its class resolves to an IngressClass of another controller. `hsts-max-age: \"0\"` switches HSTS off and " +
        "fails like `hsts: \"false\"`. On a live scan that could not read ConfigMaps the controller settings are " +
        "not-assessable.";

    public override bool AppliesTo(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Kind == "Ingress" && obj.Group is "networking.k8s.io" or "extensions";
    }

    public override void Check(KubeObject obj, ControlContext context, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var spec = obj.Json.GetObject("spec");
        var tls = spec?.GetArray("tls").ToList() ?? [];
        CheckTlsEntries(tls, verdict);
        CheckHosts(spec, tls, verdict);

        var nginx = ServedByNginx(obj, context.Inventory);
        var controllerConfig = nginx ? ConfigMapCache.GetValue(context.Inventory, ControllerConfigMaps) : [];
        CheckRedirect(obj, controllerConfig, verdict);
        foreach (var cm in controllerConfig)
        {
            CheckControllerConfig(cm, verdict);
        }

        if (nginx && controllerConfig.Count == 0 && context.Inventory.Origin == InventoryOrigin.Cluster &&
            context.Inventory.GapFor(string.Empty, "ConfigMap") is { } gap)
        {
            verdict.NotAssessable($"could not read ConfigMaps, so the ingress-nginx HSTS and TLS settings are unknown: {gap.Reason}");
            return;
        }

        verdict.Pass($"Ingress {obj.Name}: every host is served over TLS");
    }

    private static void CheckTlsEntries(List<JsonElement> tls, Verdict verdict)
    {
        for (var i = 0; i < tls.Count; i++)
        {
            if (string.IsNullOrEmpty(tls[i].GetString("secretName")))
            {
                var hosts = tls[i].GetArray("hosts").Select(h => h.GetString()).ToList();
                verdict.Fail($"spec.tls[{i}].secretName",
                    $"spec.tls[{i}] ({(hosts.Count == 0 ? "default host" : string.Join(", ", hosts))}) names no secretName, so the controller's default certificate is served");
            }
        }
    }

    private static void CheckHosts(JsonElement? spec, List<JsonElement> tls, Verdict verdict)
    {
        var rules = spec?.GetArray("rules").ToList() ?? [];
        var catchAllCovered = tls.Any(t => !t.GetArray("hosts").Any() && !string.IsNullOrEmpty(t.GetString("secretName")));
        for (var i = 0; i < rules.Count; i++)
        {
            var host = rules[i].GetString("host");
            if (string.IsNullOrEmpty(host))
            {
                if (!catchAllCovered)
                {
                    verdict.Fail($"spec.rules[{i}].host",
                        $"rule {i} has no host, so it answers any name without a matching certificate; name the host and list it under spec.tls");
                }

                continue;
            }

            if (!tls.Any(t => !string.IsNullOrEmpty(t.GetString("secretName")) &&
                              t.GetArray("hosts").Any(h => h.GetString() is { } pattern && Covers(pattern, host))))
            {
                verdict.Fail($"spec.rules[{i}].host",
                    $"host {host} is not listed in any spec.tls entry with a secretName, so it is served over plain HTTP");
            }
        }

        foreach (var backend in new[] { "defaultBackend", "backend" })
        {
            if (spec?.GetObject(backend) is not null && !catchAllCovered)
            {
                verdict.Fail($"spec.{backend}",
                    $"spec.{backend} answers any name, and no spec.tls entry without hosts gives it a certificate");
            }
        }
    }

    private static void CheckRedirect(KubeObject obj, IReadOnlyList<KubeObject> controllerConfig, Verdict verdict)
    {
        if (obj.Annotations.TryGetValue(SslRedirect, out var annotation))
        {
            if (string.Equals(annotation, "false", StringComparison.OrdinalIgnoreCase))
            {
                verdict.Fail(FieldPath.Annotation(SslRedirect),
                    $"annotation {SslRedirect}: \"false\" serves the hosts over plain HTTP as well");
            }

            return;
        }

        foreach (var cm in controllerConfig)
        {
            if (string.Equals(cm.Json.GetObject("data")?.GetString("ssl-redirect"), "false", StringComparison.OrdinalIgnoreCase))
            {
                verdict.Fail(string.Empty,
                    $"the ingress-nginx ConfigMap {cm.Namespace}/{cm.Name} sets ssl-redirect: \"false\" and this Ingress does not override it, so its hosts are served over plain HTTP as well");
            }
        }
    }

    private static void CheckControllerConfig(KubeObject cm, Verdict verdict)
    {
        var data = cm.Json.GetObject("data");
        var name = $"{cm.Namespace}/{cm.Name}";
        if (string.Equals(data?.GetString("hsts"), "false", StringComparison.OrdinalIgnoreCase))
        {
            verdict.Fail(string.Empty, $"the ingress-nginx ConfigMap {name} sets hsts: \"false\", so browsers are not told to insist on HTTPS");
        }
        else if (data?.GetString("hsts-max-age")?.Trim() == "0")
        {
            verdict.Fail(string.Empty, $"the ingress-nginx ConfigMap {name} sets hsts-max-age: \"0\", which switches HSTS off");
        }

        if (data?.GetString("ssl-protocols") is { } protocols)
        {
            var weak = protocols.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(p => WeakProtocols.Contains(p, StringComparer.OrdinalIgnoreCase))
                .ToList();
            if (weak.Count > 0)
            {
                verdict.Fail(string.Empty,
                    $"the ingress-nginx ConfigMap {name} allows {string.Join(" and ", weak)} in ssl-protocols; use \"TLSv1.2 TLSv1.3\"");
            }
        }
    }

    /// <summary>True when a TLS host pattern covers a rule host (exact, or a wildcard for exactly one label).</summary>
    internal static bool Covers(string pattern, string host)
    {
        if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!pattern.StartsWith("*.", StringComparison.Ordinal) || host.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && string.Equals(host[(dot + 1)..], pattern[2..], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// False only when the Ingress's class resolves to an IngressClass in the inventory whose controller is not
    /// ingress-nginx; otherwise the ingress-nginx settings in the inventory apply.
    /// </summary>
    private static bool ServedByNginx(KubeObject ingress, Inventory inventory)
    {
        var className = ingress.Json.GetObject("spec")?.GetString("ingressClassName");
        if (className is null)
        {
            ingress.Annotations.TryGetValue("kubernetes.io/ingress.class", out className);
        }

        var classes = inventory.OfKind("networking.k8s.io", "IngressClass").ToList();
        var ingressClass = className is null
            ? classes.FirstOrDefault(c => c.Annotations.TryGetValue("ingressclass.kubernetes.io/is-default-class", out var d) && d == "true")
            : classes.FirstOrDefault(c => c.Name == className);
        var controller = ingressClass?.Json.GetObject("spec")?.GetString("controller");
        return controller is null || controller == NginxController;
    }

    /// <summary>The ingress-nginx controller ConfigMaps in the inventory, in a stable order.</summary>
    private static List<KubeObject> ControllerConfigMaps(Inventory inventory)
    {
        var named = new List<(string? Ns, string Name)>();
        foreach (var o in inventory.Objects)
        {
            if (WorkloadView.TryGetWorkload(o) is not { } w)
            {
                continue;
            }

            foreach (var c in w.Containers)
            {
                foreach (var arg in c.Json.GetArray("args").Concat(c.Json.GetArray("command")))
                {
                    if (arg.ValueKind == JsonValueKind.String && arg.GetString() is { } s &&
                        s.StartsWith("--configmap=", StringComparison.Ordinal))
                    {
                        var value = s["--configmap=".Length..];
                        var slash = value.IndexOf('/', StringComparison.Ordinal);
                        named.Add(slash < 0 ? (o.Namespace, value) : (value[..slash], value[(slash + 1)..]));
                    }
                }
            }
        }

        var result = new List<KubeObject>();
        foreach (var (ns, name) in named)
        {
            if (inventory.Find("ConfigMap", ns, name) is { } cm && !result.Contains(cm))
            {
                result.Add(cm);
            }
        }

        if (result.Count == 0)
        {
            result.AddRange(inventory.OfKind(string.Empty, "ConfigMap")
                .Where(c => c.Name is "ingress-nginx-controller" or "nginx-configuration"));
        }

        return result.OrderBy(c => c.Ref).ToList();
    }
}
