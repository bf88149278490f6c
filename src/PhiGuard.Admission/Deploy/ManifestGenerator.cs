using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using YamlDotNet.Serialization;

namespace PhiGuard.Admission.Deploy;

/// <summary>
/// Writes a complete, hardened deployment of the webhook: Namespace, ResourceQuota, LimitRange, ServiceAccount,
/// ConfigMap, NetworkPolicies (default deny both ways, the webhook port in, DNS out), Deployment (2 replicas, non-root, read-only root, resources, anti-affinity), PodDisruptionBudget, Service,
/// ValidatingWebhookConfiguration, and either cert-manager resources with CA injection or a CA and serving
/// certificate generated here. The webhook rules list the resources of the admission-capable controls, derived
/// from their shapes and kinds.
/// </summary>
public static class ManifestGenerator
{
    public const string Name = "phiguard-admission";
    public const string TlsSecret = "phiguard-admission-tls";
    public const int Port = 8443;

    private static readonly Severity[] Severities = [Severity.Low, Severity.Medium, Severity.High, Severity.Critical];
    private static readonly string[] ServingUsages = ["server auth", "digital signature", "key encipherment"];
    private static readonly string[] DnsProtocols = ["UDP", "TCP"];
    private static readonly AdmissionMode[] Modes = [AdmissionMode.Enforce, AdmissionMode.Warn, AdmissionMode.Audit];

    public static string Generate(ManifestOptions options, IEnumerable<Control> controls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(controls);
        var ns = options.Namespace;
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name, ["app.kubernetes.io/part-of"] = "phiguard" };
        var docs = new List<string>
        {
            KubernetesYaml.Serialize(Namespace(ns)),
            KubernetesYaml.Serialize(Quota(ns, labels)),
            KubernetesYaml.Serialize(Limits(ns, labels)),
            KubernetesYaml.Serialize(new V1ServiceAccount
            {
                ApiVersion = "v1",
                Kind = "ServiceAccount",
                Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = ns, Labels = labels },

                // The webhook needs no API access: its mode and PHI scope come from the request path.
                AutomountServiceAccountToken = false,
            }),
            KubernetesYaml.Serialize(new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new V1ObjectMeta { Name = "phiguard-config", NamespaceProperty = ns, Labels = labels },
                Data = new Dictionary<string, string>
                {
                    ["phiguard.yaml"] = $"admission:\n  defaultMode: {AdmissionRoute.ModeName(options.DefaultMode)}\n",
                },
            }),
        };
        docs.AddRange(NetworkPolicies(ns, labels, options.ApiServerCidrs).Select(p => KubernetesYaml.Serialize(p)));
        docs.Add(KubernetesYaml.Serialize(Deployment(ns, labels, options.ImageReference)));
        docs.Add(KubernetesYaml.Serialize(new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = 1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name } },
            },
        }));
        docs.Add(KubernetesYaml.Serialize(new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name },
                Ports = [new V1ServicePort { Name = "https", Port = 443, TargetPort = Port, Protocol = "TCP" }],
            },
        }));

        byte[]? caBundle = null;
        if (options.CertManager)
        {
            docs.AddRange(CertManagerResources(ns).Select(SerializePlain));
        }
        else
        {
            var (caPem, certPem, keyPem) = IssueCertificates(ns, options.Now);
            caBundle = Encoding.ASCII.GetBytes(caPem);
            docs.Add(KubernetesYaml.Serialize(new V1Secret
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Type = "kubernetes.io/tls",
                Metadata = new V1ObjectMeta { Name = TlsSecret, NamespaceProperty = ns, Labels = labels },
                Data = new Dictionary<string, byte[]>
                {
                    ["tls.crt"] = Encoding.ASCII.GetBytes(certPem),
                    ["tls.key"] = Encoding.ASCII.GetBytes(keyPem),
                    ["ca.crt"] = caBundle,
                },
            }));
        }

        docs.Add(KubernetesYaml.Serialize(WebhookConfiguration(ns, labels, options, controls, caBundle)));
        var sb = new StringBuilder();
        sb.Append("# PhiGuard admission webhook, generated by `phiguard admission manifests");
        sb.Append(options.CertManager ? " --cert-manager`" : "` (contains a generated CA and private key: do not commit)");
        sb.Append('\n');
        if (options.ImageDigest is null && !options.Image.Contains("@sha256:", StringComparison.Ordinal))
        {
            sb.Append("# The image is not pinned by digest: PHI-scope scans require it; regenerate with --image-digest sha256:<digest of the release>\n");
        }

        foreach (var d in docs)
        {
            sb.Append("---\n").Append(d.TrimEnd('\n')).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Plural resource names for the kinds admission-capable controls read (Kubernetes' regular plurals).</summary>
    public static IReadOnlyList<string> Resources(IEnumerable<Control> controls) =>
        AdmissionEngine.AdmissionControls(controls).SelectMany(c => c.Kinds).Select(Plural).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToArray();

    internal static string Plural(string kind)
    {
        var k = kind.ToLowerInvariant();
        if (k.EndsWith('s') || k.EndsWith('x') || k.EndsWith("ch", StringComparison.Ordinal) || k.EndsWith("sh", StringComparison.Ordinal))
        {
            return k + "es";
        }

        return k.EndsWith('y') && k.Length > 1 && !"aeiou".Contains(k[^2], StringComparison.Ordinal) ? k[..^1] + "ies" : k + "s";
    }

    private static V1Namespace Namespace(string ns) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = ns,
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/metadata.name"] = ns,
                ["pod-security.kubernetes.io/enforce"] = "restricted",
                ["pod-security.kubernetes.io/warn"] = "restricted",
                ["pod-security.kubernetes.io/audit"] = "restricted",
                [PhiScope.PhiLabel] = "false",
                [PhiScope.EnvironmentLabel] = "prod",
            },
        },
    };

    // Room for the two replicas plus one surge pod during a rolling update, with headroom; nothing else runs here.
    private static V1ResourceQuota Quota(string ns, Dictionary<string, string> labels) => new()
    {
        ApiVersion = "v1",
        Kind = "ResourceQuota",
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = ns, Labels = labels },
        Spec = new V1ResourceQuotaSpec
        {
            Hard = new Dictionary<string, ResourceQuantity>
            {
                ["pods"] = new("6"),
                ["requests.cpu"] = new("1"),
                ["requests.memory"] = new("1Gi"),
                ["limits.cpu"] = new("4"),
                ["limits.memory"] = new("2Gi"),
            },
        },
    };

    private static V1LimitRange Limits(string ns, Dictionary<string, string> labels) => new()
    {
        ApiVersion = "v1",
        Kind = "LimitRange",
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = ns, Labels = labels },
        Spec = new V1LimitRangeSpec
        {
            Limits =
            [
                new V1LimitRangeItem
                {
                    Type = "Container",
                    DefaultRequest = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
                    DefaultProperty = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("256Mi") },
                },
            ],
        },
    };

    private static IEnumerable<V1NetworkPolicy> NetworkPolicies(string ns, Dictionary<string, string> labels, IReadOnlyList<string> apiServerCidrs)
    {
        yield return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = "default-deny-ingress", NamespaceProperty = ns, Labels = labels },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
        };

        // The webhook opens no connections (mode and PHI scope come from the request path; it reads no API), so all
        // egress is denied. Signature verification fetches from registries: see docs/admission.md for the allow it needs.
        yield return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = "default-deny-egress", NamespaceProperty = ns, Labels = labels },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Egress"] },
        };

        // Name lookups only, to the cluster DNS and nowhere else; a separate policy, as the egress controls expect.
        var dnsPorts = DnsProtocols.Select(p => new V1NetworkPolicyPort { Port = 53, Protocol = p }).ToList();
        yield return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = "allow-dns", NamespaceProperty = ns, Labels = labels },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                PolicyTypes = ["Egress"],
                Egress =
                [
                    new V1NetworkPolicyEgressRule
                    {
                        To =
                        [
                            new V1NetworkPolicyPeer
                            {
                                NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "kube-system" } },
                                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" } },
                            },
                        ],
                        Ports = dnsPorts,
                    },
                ],
            },
        };

        // The API server calls the webhook from outside the pod network on most clusters, so unless its addresses are
        // given the port is open to all sources.
        yield return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = "allow-webhook", NamespaceProperty = ns, Labels = labels },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name } },
                PolicyTypes = ["Ingress"],
                Ingress =
                [
                    new V1NetworkPolicyIngressRule
                    {
                        FromProperty = apiServerCidrs.Count == 0 ? null : [.. apiServerCidrs.Select(c => new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = c } })],
                        Ports = [new V1NetworkPolicyPort { Port = Port, Protocol = "TCP" }],
                    },
                ],
            },
        };
    }

    private static V1Deployment Deployment(string ns, Dictionary<string, string> labels, string image)
    {
        var selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name };
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = selector },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = Name,
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = 65532,
                            RunAsGroup = 65532,
                            FsGroup = 65532,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        Affinity = new V1Affinity
                        {
                            PodAntiAffinity = new V1PodAntiAffinity
                            {
                                PreferredDuringSchedulingIgnoredDuringExecution =
                                [
                                    new V1WeightedPodAffinityTerm
                                    {
                                        Weight = 100,
                                        PodAffinityTerm = new V1PodAffinityTerm
                                        {
                                            TopologyKey = "kubernetes.io/hostname",
                                            LabelSelector = new V1LabelSelector { MatchLabels = selector },
                                        },
                                    },
                                ],
                            },
                        },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "webhook",
                                Image = image,
                                ImagePullPolicy = "IfNotPresent",
                                Args =
                                [
                                    "admission", "serve",
                                    "--tls-cert", "/etc/phiguard/tls/tls.crt",
                                    "--tls-key", "/etc/phiguard/tls/tls.key",
                                    "--listen", $"0.0.0.0:{Port}",
                                    "--config", "/etc/phiguard/config/phiguard.yaml",
                                ],
                                Ports = [new V1ContainerPort { Name = "https", ContainerPort = Port, Protocol = "TCP" }],
                                Env = [new V1EnvVar { Name = "DOTNET_EnableDiagnostics", Value = "0" }],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("256Mi") },
                                },
                                SecurityContext = new V1SecurityContext
                                {
                                    AllowPrivilegeEscalation = false,
                                    Privileged = false,
                                    ReadOnlyRootFilesystem = true,
                                    RunAsNonRoot = true,
                                    Capabilities = new V1Capabilities { Drop = ["ALL"] },
                                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                                },
                                ReadinessProbe = Probe("/readyz"),
                                LivenessProbe = Probe("/healthz"),
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = "tls", MountPath = "/etc/phiguard/tls", ReadOnlyProperty = true },
                                    new V1VolumeMount { Name = "config", MountPath = "/etc/phiguard/config", ReadOnlyProperty = true },
                                    new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
                                ],
                            },
                        ],
                        Volumes =
                        [
                            new V1Volume { Name = "tls", Secret = new V1SecretVolumeSource { SecretName = TlsSecret } },
                            new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "phiguard-config" } },
                            new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("64Mi") } },
                        ],
                    },
                },
            },
        };
    }

    private static V1Probe Probe(string path) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = Port, Scheme = "HTTPS" },
        PeriodSeconds = 10,
        TimeoutSeconds = 2,
        FailureThreshold = 3,
    };

    private static V1ValidatingWebhookConfiguration WebhookConfiguration(
        string ns, Dictionary<string, string> labels, ManifestOptions options, IEnumerable<Control> controls, byte[]? caBundle)
    {
        var rules = new List<V1RuleWithOperations>
        {
            new()
            {
                ApiGroups = ["*"],
                ApiVersions = ["*"],
                Resources = [.. Resources(controls)],
                Operations = ["CREATE", "UPDATE"],
                Scope = "*",
            },
        };
        var excluded = new V1LabelSelectorRequirement
        {
            Key = "kubernetes.io/metadata.name",
            OperatorProperty = "NotIn",
            Values = ["kube-system", "kube-node-lease", ns],
        };
        var webhooks = new List<V1ValidatingWebhook>();
        foreach (var phi in new[] { false, true })
        {
            var phiReq = new V1LabelSelectorRequirement { Key = PhiScope.PhiLabel, OperatorProperty = phi ? "In" : "NotIn", Values = ["true"] };
            foreach (var mode in Modes)
            {
                foreach (var severity in Severities)
                {
                    var route = new AdmissionRoute(mode, severity, phi);
                    webhooks.Add(Webhook(
                        $"{AdmissionRoute.ModeName(mode)}-{AdmissionRoute.SeverityName(severity)}{(phi ? "-phi" : string.Empty)}.admission.phiguard.io",
                        route.ToPath(),
                        [excluded, phiReq, new V1LabelSelectorRequirement { Key = $"phiguard.io/{AdmissionRoute.ModeName(mode)}", OperatorProperty = "In", Values = [AdmissionRoute.SeverityName(severity)] }],
                        mode == AdmissionMode.Enforce ? "Fail" : "Ignore",
                        ns, rules, caBundle));
                }
            }

            // Namespaces with no mode label get the configured default.
            var defaultRoute = new AdmissionRoute(options.DefaultMode, Severity.Low, phi);
            webhooks.Add(Webhook(
                $"default{(phi ? "-phi" : string.Empty)}.admission.phiguard.io",
                defaultRoute.ToPath(explicitMode: false),
                [excluded, phiReq, .. Modes.Select(m => new V1LabelSelectorRequirement { Key = $"phiguard.io/{AdmissionRoute.ModeName(m)}", OperatorProperty = "DoesNotExist" })],
                options.DefaultMode == AdmissionMode.Enforce ? "Fail" : "Ignore",
                ns, rules, caBundle));
        }

        var metadata = new V1ObjectMeta { Name = Name, Labels = labels };
        if (options.CertManager)
        {
            metadata.Annotations = new Dictionary<string, string> { ["cert-manager.io/inject-ca-from"] = $"{ns}/{Name}" };
        }

        return new V1ValidatingWebhookConfiguration
        {
            ApiVersion = "admissionregistration.k8s.io/v1",
            Kind = "ValidatingWebhookConfiguration",
            Metadata = metadata,
            Webhooks = webhooks,
        };
    }

    private static V1ValidatingWebhook Webhook(
        string name, string path, IList<V1LabelSelectorRequirement> selector, string failurePolicy, string ns,
        List<V1RuleWithOperations> rules, byte[]? caBundle) => new()
        {
            Name = name,
            AdmissionReviewVersions = ["v1"],
            SideEffects = "None",
            TimeoutSeconds = 5,
            FailurePolicy = failurePolicy,
            MatchPolicy = "Equivalent",
            NamespaceSelector = new V1LabelSelector { MatchExpressions = selector },
            Rules = rules,
            ClientConfig = new Admissionregistrationv1WebhookClientConfig
            {
                Service = new Admissionregistrationv1ServiceReference { Name = Name, NamespaceProperty = ns, Path = path, Port = 443 },
                CaBundle = caBundle,
            },
        };

    /// <summary>cert-manager: a self-signed issuer makes a CA, a CA issuer signs the serving certificate, and cainjector fills the caBundle.</summary>
    private static IEnumerable<Dictionary<string, object>> CertManagerResources(string ns)
    {
        var dns = new[] { $"{Name}.{ns}.svc", $"{Name}.{ns}.svc.cluster.local" };
        yield return Cm("Issuer", "phiguard-selfsigned", ns, new Dictionary<string, object> { ["selfSigned"] = new Dictionary<string, object>() });
        yield return Cm("Certificate", "phiguard-ca", ns, new Dictionary<string, object>
        {
            ["isCA"] = true,
            ["commonName"] = "phiguard-admission-ca",
            ["secretName"] = "phiguard-ca",
            ["duration"] = "87600h",
            ["privateKey"] = new Dictionary<string, object> { ["algorithm"] = "ECDSA", ["size"] = 256, ["rotationPolicy"] = "Always" },
            ["issuerRef"] = new Dictionary<string, object> { ["name"] = "phiguard-selfsigned", ["kind"] = "Issuer" },
        });
        yield return Cm("Issuer", "phiguard-ca", ns, new Dictionary<string, object> { ["ca"] = new Dictionary<string, object> { ["secretName"] = "phiguard-ca" } });
        yield return Cm("Certificate", Name, ns, new Dictionary<string, object>
        {
            ["secretName"] = TlsSecret,
            ["dnsNames"] = dns,
            ["duration"] = "2160h",
            ["renewBefore"] = "720h",
            ["privateKey"] = new Dictionary<string, object> { ["algorithm"] = "ECDSA", ["size"] = 256, ["rotationPolicy"] = "Always" },
            ["usages"] = ServingUsages,
            ["issuerRef"] = new Dictionary<string, object> { ["name"] = "phiguard-ca", ["kind"] = "Issuer" },
        });
    }

    private static Dictionary<string, object> Cm(string kind, string name, string ns, Dictionary<string, object> spec) => new()
    {
        ["apiVersion"] = "cert-manager.io/v1",
        ["kind"] = kind,
        ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["namespace"] = ns },
        ["spec"] = spec,
    };

    private static string SerializePlain(Dictionary<string, object> obj) => new SerializerBuilder().Build().Serialize(obj);

    /// <summary>A P-256 CA valid 10 years and a serving certificate for the Service's DNS names valid 1 year.</summary>
    internal static (string CaPem, string CertPem, string KeyPem) IssueCertificates(string ns, DateTimeOffset now)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caReq = new CertificateRequest("CN=phiguard-admission-ca", caKey, HashAlgorithmName.SHA256);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
        using var ca = caReq.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={Name}.{ns}.svc", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName($"{Name}.{ns}.svc");
        san.AddDnsName($"{Name}.{ns}.svc.cluster.local");
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var cert = req.Create(ca, now.AddMinutes(-5), now.AddYears(1), serial);
        return (ca.ExportCertificatePem(), cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
