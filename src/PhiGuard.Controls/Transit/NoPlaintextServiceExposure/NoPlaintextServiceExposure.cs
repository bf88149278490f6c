using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Transit;

/// <summary>
/// A Service in a PHI namespace is not a NodePort, has no externalIPs, and is a LoadBalancer only when annotated
/// as an internal load balancer or with a TLS listener certificate.
/// </summary>
internal sealed class NoPlaintextServiceExposure : ResourceControl
{
    private static readonly (string Key, string[] Values)[] InternalAnnotations =
    [
        ("service.beta.kubernetes.io/aws-load-balancer-internal", ["true", "0.0.0.0/0"]),
        ("service.beta.kubernetes.io/aws-load-balancer-scheme", ["internal"]),
        ("service.beta.kubernetes.io/azure-load-balancer-internal", ["true"]),
        ("networking.gke.io/load-balancer-type", ["Internal"]),
        ("cloud.google.com/load-balancer-type", ["Internal", "internal"]),
        ("service.beta.kubernetes.io/oci-load-balancer-internal", ["true"]),
    ];

    private static readonly string[] TlsAnnotations =
    [
        "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
        "service.beta.kubernetes.io/oci-load-balancer-ssl-ports",
        "service.beta.kubernetes.io/do-loadbalancer-certificate-id",
    ];

    public override string Id => "no-plaintext-service-exposure";

    public override string Title => "PHI Services are not exposed in plaintext outside the cluster";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(e)(1)", "164.312(a)(1)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-106", "hipaa-110", "hipaa-081"];

    public override IReadOnlyList<string> Requirements => ["S10", "S20"];

    public override IReadOnlyList<string> Kinds => ["Service"];

    public override ControlScope Scope => ControlScope.PhiNamespaces;

    public override string Rationale =>
        "A NodePort, an external IP or a public load balancer without TLS puts a PHI service on a network outside " +
        "the cluster with nothing in front of it: no TLS termination, no authentication proxy, no ingress policy.";

    public override string Remediation =>
        "Use `type: ClusterIP` and publish through a TLS Ingress; if a load balancer is needed, make it internal " +
        "(`service.beta.kubernetes.io/aws-load-balancer-internal: \"true\"`, `networking.gke.io/load-balancer-type: " +
        "Internal`, `service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"`) or give it a TLS listener " +
        "(`service.beta.kubernetes.io/aws-load-balancer-ssl-cert`). Remove `spec.externalIPs`.";

    public override string Remarks =>
        "Internal-LB annotations recognised: AWS (`aws-load-balancer-internal`, `aws-load-balancer-scheme: internal`), " +
        "Azure, GKE (both annotation names) and OCI. TLS-listener annotations: AWS `aws-load-balancer-ssl-cert`, OCI " +
        "`oci-load-balancer-ssl-ports`, DigitalOcean `do-loadbalancer-certificate-id`. Other providers' annotations " +
        "are not known and fail.";

    public override void Check(KubeObject obj, ControlContext context, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(verdict);
        var type = obj.Json.GetPath("spec.type")?.ToString() ?? "ClusterIP";
        if (type == "NodePort")
        {
            verdict.Fail("spec.type", $"Service {obj.Namespace}/{obj.Name} is a NodePort: every node exposes it on its own address");
        }

        var externalIps = obj.Json.GetPath("spec")?.GetArray("externalIPs").Select(e => e.ToString()).ToList() ?? [];
        if (externalIps.Count > 0)
        {
            verdict.Fail("spec.externalIPs", $"Service {obj.Namespace}/{obj.Name} is exposed on external IPs {string.Join(", ", externalIps)}");
        }

        if (type == "LoadBalancer")
        {
            var isInternal = InternalAnnotations.Any(a => obj.Annotations.TryGetValue(a.Key, out var v) && a.Values.Contains(v, StringComparer.Ordinal));
            var tls = TlsAnnotations.FirstOrDefault(a => obj.Annotations.TryGetValue(a, out var v) && v.Length > 0);
            if (!isInternal && tls is null)
            {
                verdict.Fail("spec.type", $"Service {obj.Namespace}/{obj.Name} is a LoadBalancer that is neither internal nor TLS-terminated (no internal-LB or TLS-certificate annotation)");
            }
        }
    }
}
