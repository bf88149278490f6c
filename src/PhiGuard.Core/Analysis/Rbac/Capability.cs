namespace PhiGuard.Core.Analysis.Rbac;

/// <summary>
/// A permission that yields more than it names (a privilege-escalation step): the verbs and resources that give it,
/// and what holding it yields.
/// </summary>
public sealed record Capability(string Id, string Yields, IReadOnlyList<CapabilityAccess> Accesses)
{
    private const string Rbac = PermissionModel.RbacGroup;

    /// <summary>Running a pod (directly or through a workload controller) in a namespace.</summary>
    public static Capability RunPods { get; } = new("create-pods",
        "can run a pod there, and so mount any Secret and use any service account in that namespace",
        [
            new("create", string.Empty, "pods"), new("create", "apps", "deployments"), new("create", "apps", "statefulsets"),
            new("create", "apps", "daemonsets"), new("create", "apps", "replicasets"), new("create", "batch", "jobs"),
            new("create", "batch", "cronjobs"), new("create", string.Empty, "replicationcontrollers"),
        ]);

    public static Capability Escalate { get; } = new("escalate-roles",
        "can write roles with permissions it does not hold",
        [new("escalate", Rbac, "roles"), new("escalate", Rbac, "clusterroles")]);

    public static Capability Bind { get; } = new("bind-roles",
        "can bind roles it does not hold (cluster-admin included) to itself",
        [new("bind", Rbac, "roles"), new("bind", Rbac, "clusterroles")]);

    public static Capability Impersonate { get; } = new("impersonate",
        "can act as other users, groups or service accounts and so hold all of their permissions",
        [
            new("impersonate", string.Empty, "users"), new("impersonate", string.Empty, "groups"),
            new("impersonate", string.Empty, "serviceaccounts"), new("impersonate", "authentication.k8s.io", "uids"),
            new("impersonate", "authentication.k8s.io", "userextras", "*"),
        ]);

    public static Capability ServiceAccountToken { get; } = new("create-serviceaccount-token",
        "can mint tokens for service accounts and act as them",
        [new("create", string.Empty, "serviceaccounts", "token")]);

    public static Capability ApproveCsr { get; } = new("approve-csr",
        "can approve certificate signing requests, i.e. issue client certificates for any user or group",
        [new("update", "certificates.k8s.io", "certificatesigningrequests", "approval"), new("patch", "certificates.k8s.io", "certificatesigningrequests", "approval")]);

    public static Capability NodesProxy { get; } = new("nodes-proxy",
        "can reach the kubelet API through the API server, and so exec into any pod on any node",
        [new("get", string.Empty, "nodes", "proxy"), new("create", string.Empty, "nodes", "proxy")]);

    public static Capability PatchNodes { get; } = new("patch-nodes",
        "can relabel or taint nodes, steering PHI pods onto a node it controls",
        [new("patch", string.Empty, "nodes"), new("update", string.Empty, "nodes")]);

    public static Capability NamespaceLabels { get; } = new("patch-namespaces",
        "can change a namespace's Pod Security Admission labels and so lift its restrictions",
        [new("patch", string.Empty, "namespaces"), new("update", string.Empty, "namespaces")]);

    public static Capability Webhooks { get; } = new("write-webhooks",
        "can add, change or remove admission webhooks, intercepting or disabling admission control",
        [
            new("create", "admissionregistration.k8s.io", "validatingwebhookconfigurations"),
            new("update", "admissionregistration.k8s.io", "validatingwebhookconfigurations"),
            new("patch", "admissionregistration.k8s.io", "validatingwebhookconfigurations"),
            new("delete", "admissionregistration.k8s.io", "validatingwebhookconfigurations"),
            new("create", "admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
            new("update", "admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
            new("patch", "admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
            new("delete", "admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
        ]);

    /// <summary>Every capability <c>phiguard rbac paths</c> looks for.</summary>
    public static IReadOnlyList<Capability> All { get; } =
        [RunPods, Escalate, Bind, Impersonate, ServiceAccountToken, ApproveCsr, NodesProxy, PatchNodes, NamespaceLabels, Webhooks];

    /// <summary>The first access of this capability the rule allows (for some object name), or null.</summary>
    public CapabilityAccess? AllowedBy(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Accesses.FirstOrDefault(a => rule.AllowsSomeName(a.Verb, a.Group, a.Resource, a.Subresource));
    }
}
