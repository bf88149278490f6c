using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.AuditPolicy;

/// <summary>
/// The resources a current API server serves (built in, Kubernetes 1.30–1.37) plus the custom resources defined by
/// CustomResourceDefinitions in the inventory: the rows of the audit-policy coverage matrix.
/// </summary>
public static class ServedResources
{
    private static readonly ServedResource[] BuiltIn =
    [
        N("", "pods"), N("", "pods", "exec"), N("", "pods", "attach"), N("", "pods", "portforward"), N("", "pods", "proxy"),
        N("", "pods", "log"), N("", "pods", "status"), N("", "pods", "binding"), N("", "pods", "eviction"), N("", "pods", "ephemeralcontainers"),
        N("", "secrets"), N("", "configmaps"), N("", "services"), N("", "services", "proxy"), N("", "services", "status"),
        N("", "serviceaccounts"), N("", "serviceaccounts", "token"), N("", "endpoints"), N("", "events"),
        N("", "persistentvolumeclaims"), N("", "replicationcontrollers"), N("", "replicationcontrollers", "scale"),
        N("", "resourcequotas"), N("", "limitranges"), N("", "podtemplates"), N("", "bindings"),
        C("", "namespaces"), C("", "namespaces", "finalize"), C("", "nodes"), C("", "nodes", "proxy"), C("", "nodes", "status"),
        C("", "persistentvolumes"), C("", "componentstatuses"),
        N("apps", "deployments"), N("apps", "deployments", "scale"), N("apps", "statefulsets"), N("apps", "statefulsets", "scale"),
        N("apps", "daemonsets"), N("apps", "replicasets"), N("apps", "replicasets", "scale"), N("apps", "controllerrevisions"),
        N("batch", "jobs"), N("batch", "cronjobs"), N("autoscaling", "horizontalpodautoscalers"), N("policy", "poddisruptionbudgets"),
        N("networking.k8s.io", "networkpolicies"), N("networking.k8s.io", "ingresses"), C("networking.k8s.io", "ingressclasses"),
        N("discovery.k8s.io", "endpointslices"), N("coordination.k8s.io", "leases"), N("events.k8s.io", "events"),
        N("rbac.authorization.k8s.io", "roles"), N("rbac.authorization.k8s.io", "rolebindings"),
        C("rbac.authorization.k8s.io", "clusterroles"), C("rbac.authorization.k8s.io", "clusterrolebindings"),
        C("authentication.k8s.io", "tokenreviews"), C("authentication.k8s.io", "selfsubjectreviews"),
        C("authorization.k8s.io", "subjectaccessreviews"), C("authorization.k8s.io", "selfsubjectaccessreviews"),
        C("authorization.k8s.io", "selfsubjectrulesreviews"), N("authorization.k8s.io", "localsubjectaccessreviews"),
        C("certificates.k8s.io", "certificatesigningrequests"), C("certificates.k8s.io", "certificatesigningrequests", "approval"),
        C("admissionregistration.k8s.io", "validatingwebhookconfigurations"), C("admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
        C("admissionregistration.k8s.io", "validatingadmissionpolicies"), C("admissionregistration.k8s.io", "validatingadmissionpolicybindings"),
        C("apiextensions.k8s.io", "customresourcedefinitions"), C("apiregistration.k8s.io", "apiservices"),
        C("storage.k8s.io", "storageclasses"), C("storage.k8s.io", "csidrivers"), C("storage.k8s.io", "csinodes"),
        C("storage.k8s.io", "volumeattachments"), N("storage.k8s.io", "csistoragecapacities"),
        C("scheduling.k8s.io", "priorityclasses"), C("node.k8s.io", "runtimeclasses"),
        C("flowcontrol.apiserver.k8s.io", "flowschemas"), C("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations"),
    ];

    /// <summary>Built-in resources and subresources.</summary>
    public static IReadOnlyList<ServedResource> Builtin => BuiltIn;

    /// <summary>Built-in resources plus every CRD's plural (and its status/scale subresources when declared).</summary>
    public static IReadOnlyList<ServedResource> For(Inventory.Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var list = new List<ServedResource>(BuiltIn);
        foreach (var crd in inventory.OfKind("apiextensions.k8s.io", "CustomResourceDefinition"))
        {
            if (CustomResource(crd) is { } r)
            {
                list.Add(r);
                var subs = crd.Json.GetPath("spec")?.GetArray("versions").Select(v => v.GetObject("subresources")).FirstOrDefault(s => s is not null);
                foreach (var sub in new[] { "status", "scale" })
                {
                    if (subs is { } s && s.Has(sub))
                    {
                        list.Add(r with { Subresource = sub });
                    }
                }
            }
        }

        return list;
    }

    /// <summary>The resource a CustomResourceDefinition serves, or null when it lacks group or plural.</summary>
    public static ServedResource? CustomResource(KubeObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var spec = crd.Json.GetObject("spec");
        var group = spec?.GetString("group");
        var plural = spec?.GetObject("names")?.GetString("plural");
        return string.IsNullOrEmpty(group) || string.IsNullOrEmpty(plural)
            ? null
            : new ServedResource(group, plural, string.Empty, spec?.GetString("scope") != "Cluster");
    }

    private static ServedResource N(string group, string resource, string sub = "") => new(group, resource, sub, true);

    private static ServedResource C(string group, string resource, string sub = "") => new(group, resource, sub, false);
}
