using System.Text.Json;
using System.Text.RegularExpressions;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.SupplyChain;

/// <summary>
/// Every PHI namespace is covered by admission policies in deny/enforce mode requiring non-root containers,
/// read-only root filesystems, approved registries and verified image signatures; the webhooks of the engines
/// enforcing them fail closed, select every PHI namespace and have ready backends.
/// </summary>
internal sealed partial class PolicyEngineEnforcing : ClusterControl
{
    private static readonly (PolicyRequirement Requirement, string Text)[] Required =
    [
        (PolicyRequirement.NonRoot, "non-root containers"),
        (PolicyRequirement.ReadOnlyRootFilesystem, "read-only root filesystems"),
        (PolicyRequirement.Registries, "approved image registries"),
        (PolicyRequirement.Signatures, "verified image signatures"),
    ];

    public override string Id => "policy-engine-enforcing";

    public override string Title => "Admission policies for PHI namespaces are enforced, fail closed and are served";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.312(c)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-084", "hipaa-097", "hipaa-099"];

    public override IReadOnlyList<string> Requirements => ["S29"];

    public override IReadOnlyList<string> Kinds =>
    [
        "ClusterPolicy", "Policy", "ClusterImagePolicy", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "Namespace", "Service", "Endpoints", "EndpointSlice", "Deployment",
    ];

    public override string Rationale =>
        "Scans find drift after the fact; admission policy keeps root containers, writable images, unknown registries " +
        "and unsigned images from reaching PHI namespaces at all. A policy in audit mode, a webhook that fails open or " +
        "skips a namespace, or a webhook with no running backend enforces nothing while looking as if it did.";

    public override string Remediation =>
        "Enforce the four policies for every PHI namespace (Kyverno `validationFailureAction: Enforce`, Gatekeeper " +
        "`enforcementAction: deny`, a ValidatingAdmissionPolicyBinding with `validationActions: [Deny]`, or Pod " +
        "Security Admission `enforce: restricted` for non-root; signatures with Kyverno verifyImages or the sigstore " +
        "policy-controller); set `failurePolicy: Fail` on the engine's webhooks (Gatekeeper installs `Ignore` by " +
        "default), make their `namespaceSelector` match the PHI namespaces, and run the webhook backend with at least " +
        "two ready replicas.";

    public override string Remarks =>
        "What a policy requires is read from its content: Kyverno validate rules mentioning `runAsNonRoot` (or " +
        "`podSecurity.level: restricted`), `readOnlyRootFilesystem`, an `image` pattern with a registry path or " +
        "\"registr\" in its names or message; Gatekeeper K8sPSPAllowedUsers with `MustRunAsNonRoot`, " +
        "K8sPSPReadOnlyRootFilesystem, K8sAllowedRepos(v2); ValidatingAdmissionPolicy expressions naming " +
        "`runAsNonRoot`, `readOnlyRootFilesystem`, or `.image` with startsWith/matches; signatures as in " +
        "image-signature-enforced. Pod Security Admission `enforce: restricted` counts for non-root (it requires " +
        "runAsNonRoot). A ValidatingAdmissionPolicy with `failurePolicy: Ignore` does not count as refusing. The " +
        "engines' webhooks are recognised by name (`validate.kyverno.svc`/`mutate.kyverno.svc`, with or without " +
        "`-fail`; Kyverno's `-ignore` webhooks serve only policies that ask to fail open, so a Kyverno policy with " +
        "`failurePolicy: Ignore` fails instead; `validation.gatekeeper.sh`; `policy.sigstore.dev`); an absent " +
        "`failurePolicy` is `Fail`. A backend is ready when its Service has a ready address in Endpoints or an " +
        "EndpointSlice, or a workload it selects reports ready replicas. Kyverno registers its webhooks at runtime, " +
        "so manifests usually lack them: missing webhooks, Services or readiness are not assessable from manifests, " +
        "and fail on a live cluster. A webhook called by URL points outside the cluster and is not assessable.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        if (context.Scope.PhiNamespaces.Count == 0)
        {
            verdict.NotApplicable("no PHI namespaces");
            return;
        }

        var policies = AdmissionPolicies.Of(context.Inventory);
        var used = new HashSet<PolicyEngine>();
        foreach (var ns in context.Scope.PhiNamespaces)
        {
            var labels = NamespaceLabels.Of(context, ns);
            var nsObj = context.Inventory.NamespaceObjects.GetValueOrDefault(ns);
            var by = new List<string>();
            var failed = false;
            foreach (var (requirement, text) in Required)
            {
                var covering = policies.Where(p => p.Requires.HasFlag(requirement) && p.Covers(ns, labels)).ToList();
                var refusing = covering.Where(p => p.Refuses(ns)).ToList();
                if (refusing.Count > 0)
                {
                    used.UnionWith(refusing.Select(p => p.Engine));
                    by.Add($"{text} by {refusing[0].Describe}");
                    continue;
                }

                failed = true;
                var seen = covering.Count == 0
                    ? "no policy requiring it covers the namespace"
                    : "only " + string.Join(", ", covering.Select(p => $"{p.Describe} ({p.ModeIn(ns)})")) + " cover it, none refusing";
                verdict.Fail(nsObj, string.Empty, $"PHI namespace {ns}: no admission policy in deny/enforce mode requires {text}: {seen}");
            }

            if (!failed)
            {
                verdict.Pass(nsObj, $"PHI namespace {ns} enforces {string.Join("; ", by)}");
            }
        }

        JudgeKyvernoFailurePolicy(policies, verdict);
        foreach (var engine in used.Where(e => e is PolicyEngine.Kyverno or PolicyEngine.Gatekeeper or PolicyEngine.Sigstore).Order())
        {
            JudgeWebhooks(context, engine, verdict);
        }
    }

    /// <summary>Kyverno routes a policy with <c>failurePolicy: Ignore</c> to its fail-open webhook.</summary>
    private static void JudgeKyvernoFailurePolicy(IReadOnlyList<AdmissionPolicy> policies, ClusterVerdict verdict)
    {
        foreach (var p in policies.Where(p => p.Engine == PolicyEngine.Kyverno).Select(p => p.Object).Distinct())
        {
            if (p.Json.GetPath("spec")?.GetString("failurePolicy") == "Ignore")
            {
                verdict.Fail(p, "spec.failurePolicy", $"Kyverno {p.Kind} {p.Name} has failurePolicy Ignore: when Kyverno is down or times out, pods are admitted unchecked");
            }
        }
    }

    private static void JudgeWebhooks(ControlContext context, PolicyEngine engine, ClusterVerdict verdict)
    {
        var configs = context.Inventory.OfKind("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")
            .Concat(context.Inventory.OfKind("admissionregistration.k8s.io", "MutatingWebhookConfiguration"));
        var hooks = new List<(KubeObject Config, int Index, JsonElement Hook)>();
        foreach (var config in configs)
        {
            var i = 0;
            foreach (var hook in config.Json.GetArray("webhooks"))
            {
                if (hook.GetString("name") is { } name && IsEngineWebhook(engine, name))
                {
                    hooks.Add((config, i, hook));
                }

                i++;
            }
        }

        if (hooks.Count == 0)
        {
            var message = $"{engine} enforces policies for PHI namespaces, but no {engine} admission webhook is registered";
            if (context.Inventory.Origin == InventoryOrigin.Cluster)
            {
                verdict.Fail(null, string.Empty, message + ": its policies are not applied");
            }
            else
            {
                verdict.NotAssessable(null, message + $" in these manifests ({engine} may register it at runtime); not assessable from manifests");
            }

            return;
        }

        var backends = new HashSet<(string?, string?)>();
        foreach (var (config, i, hook) in hooks)
        {
            var path = $"webhooks[{i}]";
            var name = $"{config.Kind} {config.Name} webhook {hook.GetString("name")}";
            var failed = false;
            var failurePolicy = hook.GetString("failurePolicy") ?? "Fail";
            if (failurePolicy != "Fail")
            {
                failed = true;
                verdict.Fail(config, $"{path}.failurePolicy", $"{name} has failurePolicy {failurePolicy}: when {engine} is down or slow, pods in PHI namespaces are admitted unchecked");
            }

            var selector = LabelSelector.Parse(hook.GetObject("namespaceSelector"));
            var missed = context.Scope.PhiNamespaces.Where(ns => !selector.Matches(NamespaceLabels.Of(context, ns))).ToList();
            if (missed.Count > 0)
            {
                failed = true;
                verdict.Fail(config, $"{path}.namespaceSelector", $"{name} namespaceSelector ({selector}) does not select PHI namespace(s) {string.Join(", ", missed)}");
            }

            var service = hook.GetPath("clientConfig.service");
            if (service is null)
            {
                verdict.NotAssessable(config, $"{name} calls a URL outside the cluster; whether its backend is ready cannot be seen");
            }
            else if (backends.Add((service.Value.GetString("namespace"), service.Value.GetString("name"))))
            {
                failed |= !JudgeBackend(context, config, $"{path}.clientConfig.service", name, service.Value, verdict);
            }

            if (!failed)
            {
                verdict.Pass(config, $"{name} fails closed and selects every PHI namespace");
            }
        }
    }

    /// <summary>Records the backend's readiness; false when it failed.</summary>
    private static bool JudgeBackend(ControlContext context, KubeObject config, string path, string hookName, JsonElement service, ClusterVerdict verdict)
    {
        var ns = service.GetString("namespace");
        var name = service.GetString("name") ?? "?";
        var cluster = context.Inventory.Origin == InventoryOrigin.Cluster;
        var svc = context.Inventory.Find("Service", ns, name);
        if (svc is null)
        {
            return Unseen(cluster, verdict, config, path, $"{hookName} calls Service {ns}/{name}, which is not in the {(cluster ? "cluster" : "input")}");
        }

        var endpoints = context.Inventory.Find("Endpoints", ns, name);
        var slices = context.Inventory.OfKind("discovery.k8s.io", "EndpointSlice")
            .Where(s => s.Namespace == ns && s.Labels.TryGetValue("kubernetes.io/service-name", out var n) && n == name)
            .ToList();
        if (endpoints is not null || slices.Count > 0)
        {
            var ready = (endpoints?.Json.GetArray("subsets").Sum(s => s.GetArray("addresses").Count()) ?? 0) +
                        slices.Sum(s => s.Json.GetArray("endpoints").Count(e => e.GetPath("conditions")?.GetBool("ready") != false));
            if (ready > 0)
            {
                verdict.Pass(svc, $"{hookName} backend Service {ns}/{name} has {ready} ready endpoint(s)");
                return true;
            }

            verdict.Fail(config, path, $"{hookName} backend Service {ns}/{name} has no ready endpoint: every admission call fails");
            return false;
        }

        var selector = svc.Json.GetPath("spec.selector") is { ValueKind: JsonValueKind.Object } sel && sel.EnumerateObject().Any()
            ? LabelSelector.FromLabels(StringMap.Read(sel))
            : LabelSelector.Nothing;
        var backing = context.Workloads
            .Where(w => w.Object.Namespace == ns && w.Object.Kind != "Pod" &&
                        selector.Matches(StringMap.Read(w.PodMetadata?.GetObject("labels"))))
            .ToList();
        if (backing.Count == 0)
        {
            return Unseen(cluster, verdict, config, path, $"{hookName} backend Service {ns}/{name} selects no workload in the {(cluster ? "cluster" : "input")}");
        }

        var withStatus = backing.Where(w => w.Object.Json.GetObject("status") is not null).ToList();
        if (withStatus.Count == 0)
        {
            verdict.NotAssessable(svc, $"{hookName} backend {string.Join(", ", backing.Select(w => $"{w.Object.Kind} {w.Object.Name}"))} has no status in the input; readiness is not assessable from manifests");
            return true;
        }

        var readyReplicas = withStatus.Sum(w => (w.Object.Json.GetPath("status.readyReplicas") ?? w.Object.Json.GetPath("status.numberReady")) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var r) ? r : 0);
        if (readyReplicas > 0)
        {
            verdict.Pass(svc, $"{hookName} backend Service {ns}/{name} has {readyReplicas} ready replica(s)");
            return true;
        }

        verdict.Fail(config, path, $"{hookName} backend Service {ns}/{name} has no ready replica: every admission call fails");
        return false;
    }

    private static bool Unseen(bool cluster, ClusterVerdict verdict, KubeObject config, string path, string message)
    {
        if (cluster)
        {
            verdict.Fail(config, path, message);
            return false;
        }

        verdict.NotAssessable(config, message + "; not assessable from manifests");
        return true;
    }

    private static bool IsEngineWebhook(PolicyEngine engine, string name) => engine switch
    {
        PolicyEngine.Kyverno => KyvernoHook().IsMatch(name),
        PolicyEngine.Gatekeeper => name == "validation.gatekeeper.sh",
        PolicyEngine.Sigstore => name == "policy.sigstore.dev",
        _ => false,
    };

    [GeneratedRegex(@"^(validate|mutate)\.kyverno\.svc(-fail)?$")]
    private static partial Regex KyvernoHook();
}
