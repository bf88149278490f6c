using System.Text.Json;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Network;

/// <summary>
/// A NetworkPolicy-enforcing dataplane runs (Calico, Cilium, Antrea, AWS VPC CNI with its network-policy agent on,
/// Azure NPM, GKE Dataplane V2, kube-router, Weave Net), seen as its DaemonSet or in the managed provider's network
/// configuration; a cluster whose only CNI is flannel or kindnet fails.
/// </summary>
internal sealed class CniEnforcesNetworkpolicy : ClusterControl
{
    public override string Id => "cni-enforces-networkpolicy";

    public override string Title => "The CNI enforces NetworkPolicy";

    public override Severity Severity => Severity.Critical;

    public override IReadOnlyList<string> Citations => ["164.312(a)(1)", "164.312(e)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-081", "hipaa-106"];

    public override IReadOnlyList<string> Requirements => ["S11"];

    public override IReadOnlyList<string> Kinds => ["DaemonSet", "ConfigMap", ProviderDescription.Kind];

    public override string Rationale =>
        "NetworkPolicy objects are only requests: without a dataplane that enforces them every default-deny and every " +
        "allow-list guarding PHI namespaces is inert, and all pods can reach all PHI workloads.";

    public override string Remediation =>
        "Run a policy-enforcing CNI: Calico, Cilium, Antrea, or on EKS the VPC CNI with network policy enabled " +
        "(`enableNetworkPolicy: \"true\"` in the add-on configuration); AKS `--network-policy azure|calico|cilium`; GKE " +
        "Dataplane V2 (`--enable-dataplane-v2`) or `--enable-network-policy`. Flannel alone and kindnet do not enforce " +
        "NetworkPolicy.";

    public override string Remarks =>
        "A dataplane is recognised by its DaemonSet name or container image in any namespace: calico-node, cilium " +
        "(unless the cilium-config ConfigMap sets `enable-policy: never`), antrea-agent, azure-npm, anetd (GKE Dataplane " +
        "V2), kube-router (unless `--run-firewall=false`), weave-net with its weave-npc container, and aws-node only when " +
        "its aws-network-policy-agent container runs with `--enable-network-policy=true` or a container sets " +
        "`ENABLE_NETWORK_POLICY=true` (the agent ships disabled). Canal counts as Calico. GKE is read from " +
        "`networkConfig.datapathProvider: ADVANCED_DATAPATH` or `networkPolicy.enabled`, AKS from " +
        "`networkProfile.networkPolicy`; EKS add-on settings are not in describe-cluster, so EKS is judged from aws-node. " +
        "kindnet is treated as not enforcing (as the brief for this control states; newer kindnet releases add a policy " +
        "controller — waive with a justification if yours enforces). With no CNI DaemonSet and no provider description " +
        "in the input (a manifests-only scan) the control is not assessable.";

    public override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var inventory = context.Inventory;
        var enforcing = new List<(KubeObject Object, string Why)>();
        var inert = new List<(KubeObject Object, string Path, string Why)>();
        foreach (var ds in inventory.OfKind("DaemonSet").OrderBy(d => d.Ref))
        {
            Classify(ds, inventory, enforcing, inert);
        }

        var provider = ControlPlaneView.Of(inventory).Provider;
        if (provider is not null)
        {
            ClassifyProvider(provider, enforcing, inert);
        }

        if (enforcing.Count > 0)
        {
            foreach (var (obj, why) in enforcing)
            {
                verdict.Pass(obj, why);
            }

            return;
        }

        if (inert.Count > 0)
        {
            foreach (var (obj, path, why) in inert)
            {
                verdict.Fail(obj, path, why + "; no NetworkPolicy-enforcing dataplane is present, so every NetworkPolicy is inert");
            }

            return;
        }

        if (context.Inventory.GapFor("apps", "DaemonSet") is { } gap)
        {
            verdict.NotAssessable($"could not read DaemonSets: {gap.Reason}");
            return;
        }

        verdict.NotAssessable(provider?.Provider == "eks"
            ? "EKS: no aws-node or other CNI DaemonSet is in the input and describe-cluster does not state the VPC CNI's network-policy setting (scan the cluster, or include kube-system's DaemonSets)"
            : "no CNI DaemonSet (calico-node, cilium, antrea-agent, aws-node, azure-npm, anetd, flannel, kindnet …) and no provider network configuration is in the input; include kube-system's DaemonSets or scan the cluster");
    }

    private static void Classify(KubeObject ds, Inventory inventory, List<(KubeObject, string)> enforcing, List<(KubeObject, string, string)> inert)
    {
        var spec = ds.Json.GetPath("spec.template.spec");
        var containers = spec?.GetArray("containers").ToList() ?? [];
        var images = containers.Select(c => c.GetString("image") ?? string.Empty).ToList();
        var names = containers.Select(c => c.GetString("name") ?? string.Empty).ToList();
        bool Is(string name, string image) =>
            ds.Name == name || names.Contains(name, StringComparer.Ordinal) || images.Any(i => ImageNamed(i, image));

        if (Is("calico-node", "calico/node"))
        {
            enforcing.Add((ds, $"DaemonSet {ds.Namespace}/{ds.Name} runs Calico, which enforces NetworkPolicy"));
        }
        else if (Is("cilium", "cilium/cilium") || images.Any(i => ImageNamed(i, "cilium/cilium-agent")))
        {
            var config = inventory.Find("ConfigMap", ds.Namespace, "cilium-config");
            if (config?.Json.GetPath("data")?.GetString("enable-policy") is "never")
            {
                inert.Add((config, "data.enable-policy", $"ConfigMap {config.Namespace}/cilium-config sets enable-policy: never, so Cilium enforces no NetworkPolicy"));
            }
            else
            {
                enforcing.Add((ds, $"DaemonSet {ds.Namespace}/{ds.Name} runs Cilium, which enforces NetworkPolicy"));
            }
        }
        else if (Is("antrea-agent", "antrea/antrea-agent") || images.Any(i => ImageNamed(i, "antrea/antrea-ubuntu")))
        {
            enforcing.Add((ds, $"DaemonSet {ds.Namespace}/{ds.Name} runs Antrea, which enforces NetworkPolicy"));
        }
        else if (Is("azure-npm", "azure-npm"))
        {
            enforcing.Add((ds, $"DaemonSet {ds.Namespace}/{ds.Name} runs Azure Network Policy Manager"));
        }
        else if (Is("anetd", "anetd"))
        {
            enforcing.Add((ds, $"DaemonSet {ds.Namespace}/{ds.Name} is GKE Dataplane V2 (anetd), which enforces NetworkPolicy"));
        }
        else if (Is("kube-router", "kube-router"))
        {
            var i = names.IndexOf("kube-router");
            var args = i >= 0 ? Args(containers[i]) : containers.SelectMany(Args).ToList();
            if (args.Contains("--run-firewall=false", StringComparer.Ordinal))
            {
                inert.Add((ds, "spec.template.spec.containers", $"DaemonSet {ds.Namespace}/{ds.Name} runs kube-router with --run-firewall=false, so it enforces no NetworkPolicy"));
            }
            else
            {
                enforcing.Add((ds, $"DaemonSet {ds.Namespace}/{ds.Name} runs kube-router with its network-policy firewall"));
            }
        }
        else if (ds.Name == "weave-net" || images.Any(i => ImageNamed(i, "weaveworks/weave-kube")))
        {
            if (names.Contains("weave-npc", StringComparer.Ordinal) || images.Any(i => ImageNamed(i, "weaveworks/weave-npc")))
            {
                enforcing.Add((ds, $"DaemonSet {ds.Namespace}/{ds.Name} runs Weave Net's network-policy controller (weave-npc)"));
            }
            else
            {
                inert.Add((ds, "spec.template.spec.containers", $"DaemonSet {ds.Namespace}/{ds.Name} runs Weave Net without its weave-npc container"));
            }
        }
        else if (Is("aws-node", "amazon-k8s-cni"))
        {
            ClassifyAwsNode(ds, containers, enforcing, inert);
        }
        else if (ds.Name.Contains("flannel", StringComparison.Ordinal) || images.Any(i => ImageNamed(i, "flannel")))
        {
            inert.Add((ds, string.Empty, $"DaemonSet {ds.Namespace}/{ds.Name} runs flannel, which does not enforce NetworkPolicy"));
        }
        else if (Is("kindnet", "kindnetd") || names.Contains("kindnet-cni", StringComparer.Ordinal))
        {
            inert.Add((ds, string.Empty, $"DaemonSet {ds.Namespace}/{ds.Name} runs kindnet, which is not taken as enforcing NetworkPolicy"));
        }
    }

    private static void ClassifyAwsNode(KubeObject ds, List<JsonElement> containers, List<(KubeObject, string)> enforcing, List<(KubeObject, string, string)> inert)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            var env = c.GetArray("env").FirstOrDefault(e => e.GetString("name") == "ENABLE_NETWORK_POLICY");
            if (env.ValueKind != JsonValueKind.Undefined && string.Equals(env.GetString("value"), "true", StringComparison.OrdinalIgnoreCase))
            {
                enforcing.Add((ds, $"DaemonSet {ds.Namespace}/{ds.Name}: container {c.GetString("name")} sets ENABLE_NETWORK_POLICY=true"));
                return;
            }

            var isAgent = c.GetString("name") == "aws-network-policy-agent" || ImageNamed(c.GetString("image") ?? string.Empty, "aws-network-policy-agent");
            if (isAgent)
            {
                var args = Args(c);
                var on = args.LastOrDefault(a => a.StartsWith("--enable-network-policy", StringComparison.Ordinal));
                if (on is "--enable-network-policy=true" or "--enable-network-policy")
                {
                    enforcing.Add((ds, $"DaemonSet {ds.Namespace}/{ds.Name}: aws-network-policy-agent runs with --enable-network-policy=true"));
                    return;
                }

                inert.Add((ds, $"spec.template.spec.containers[{i}].args", $"DaemonSet {ds.Namespace}/{ds.Name}: aws-network-policy-agent runs with {on ?? "no --enable-network-policy flag (default false)"}, so the VPC CNI enforces no NetworkPolicy"));
                return;
            }
        }

        inert.Add((ds, "spec.template.spec.containers", $"DaemonSet {ds.Namespace}/{ds.Name} runs the AWS VPC CNI without its network-policy agent"));
    }

    private static void ClassifyProvider(ProviderDescription provider, List<(KubeObject, string)> enforcing, List<(KubeObject, string, string)> inert)
    {
        switch (provider.Provider)
        {
            case "gke":
                if (provider.Get("networkConfig")?.GetString("datapathProvider") == "ADVANCED_DATAPATH")
                {
                    enforcing.Add((provider.Object, "GKE Dataplane V2 (ADVANCED_DATAPATH) enforces NetworkPolicy"));
                }
                else if (provider.Get("networkPolicy")?.GetBool("enabled") == true)
                {
                    enforcing.Add((provider.Object, $"GKE network policy enforcement is enabled ({provider.Get("networkPolicy")?.GetString("provider") ?? "CALICO"})"));
                }
                else
                {
                    inert.Add((provider.Object, provider.PathOf("networkPolicy"), "GKE: neither Dataplane V2 (networkConfig.datapathProvider) nor networkPolicy.enabled is set"));
                }

                break;
            case "aks":
                var policy = provider.Get("networkProfile")?.GetString("networkPolicy");
                if (policy is { } p && p.ToLowerInvariant() is "azure" or "calico" or "cilium")
                {
                    enforcing.Add((provider.Object, $"AKS networkProfile.networkPolicy is {p}"));
                }
                else
                {
                    inert.Add((provider.Object, provider.PathOf("networkProfile.networkPolicy"), $"AKS networkProfile.networkPolicy is {(policy is null ? "not set" : $"'{policy}'")}, so no NetworkPolicy is enforced"));
                }

                break;
        }
    }

    private static List<string> Args(JsonElement container) =>
        container.GetArray("command").Concat(container.GetArray("args"))
            .Where(a => a.ValueKind == JsonValueKind.String)
            .Select(a => a.GetString()!)
            .ToList();

    /// <summary>True when the image's repository (without registry, tag or digest) is or ends with <paramref name="repository"/>.</summary>
    private static bool ImageNamed(string image, string repository)
    {
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            name = name[..colon];
        }

        return name == repository || name.EndsWith("/" + repository, StringComparison.Ordinal);
    }
}
