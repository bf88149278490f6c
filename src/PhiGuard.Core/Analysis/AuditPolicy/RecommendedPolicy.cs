namespace PhiGuard.Core.Analysis.AuditPolicy;

/// <summary>
/// The audit policy PhiGuard recommends: every write at Request, secrets/configmaps/tokenreviews at Metadata only,
/// a Metadata catch-all, None only for enumerated system noise, RequestReceived omitted. It passes the three
/// audit-policy controls.
/// </summary>
public static class RecommendedPolicy
{
    /// <summary>The policy as YAML, ready for <c>--audit-policy-file</c>.</summary>
    public const string Yaml = """
# Audit policy written by `phiguard audit-policy recommend`.
# First matching rule wins. Order matters: noise first, payload ceilings next, then writes, then the catch-all.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  # System noise: kube-proxy watches, kubelets reading their own node, health and version probes.
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services", "services/status"]
  - level: None
    userGroups: ["system:nodes"]
    verbs: ["get"]
    resources:
      - group: ""
        resources: ["nodes", "nodes/status"]
  - level: None
    nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version"]
  # Never log Secret, ConfigMap or TokenReview bodies.
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps"]
      - group: authentication.k8s.io
        resources: ["tokenreviews"]
  # Every write with its request body (covers PHI-bearing custom resources).
  - level: Request
    verbs: ["create", "update", "patch", "delete", "deletecollection"]
  # Everything else: who, what, when.
  - level: Metadata
""";
}
