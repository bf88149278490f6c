using PhiGuard.Controls.Tests.Support;
using PhiGuard.Controls.Transit;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Tests.Transit;

public sealed class IngressTlsAllHostsTests
{
    private const string Ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: portal
          namespace: ehr
        spec:
          ingressClassName: CLASS
          tls:
            - hosts: [portal.example.com]
              secretName: portal-tls
          rules:
            - host: portal.example.com
        ---

        """;

    private const string RedirectOffConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ingress-nginx-controller
          namespace: ingress-nginx
        data:
          ssl-redirect: "false"
          hsts-max-age: "0"
        """;

    private readonly IngressTlsAllHosts control = new();

    [Theory]
    [InlineData("portal.example.com", "portal.example.com", true)]
    [InlineData("Portal.Example.com", "portal.example.com", true)]
    [InlineData("*.example.com", "portal.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("portal.example.com", "*.example.com", false)]
    [InlineData("*.example.com", "*.example.com", true)]
    [InlineData("other.example.com", "portal.example.com", false)]
    public void Tls_host_coverage(string pattern, string host, bool covered) =>
        Assert.Equal(covered, IngressTlsAllHosts.Covers(pattern, host));

    [Fact]
    public void Ingress_outside_phi_namespaces_is_not_judged()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr", phi: "false") + Ingress.Replace("CLASS", "nginx", StringComparison.Ordinal));
        Assert.Equal(Status.NotApplicable, Scan.Run(control, yaml).Controls[0].Status);
    }

    [Fact]
    public void Controller_config_redirect_off_and_zero_max_age_fail()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr") + Ingress.Replace("CLASS", "nginx", StringComparison.Ordinal) + RedirectOffConfigMap);
        var messages = Scan.Run(control, yaml).Findings.Where(f => f.Status == Status.Fail).Select(f => f.Message).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.Contains("ssl-redirect: \"false\"", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("hsts-max-age: \"0\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Ingress_annotation_overrides_controller_redirect()
    {
        var ingress = Ingress.Replace("CLASS", "nginx", StringComparison.Ordinal).Replace(
            "  namespace: ehr\n", "  namespace: ehr\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: \"true\"\n", StringComparison.Ordinal);
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr") + ingress + RedirectOffConfigMap);
        var failures = Scan.Run(control, yaml).Findings.Where(f => f.Status == Status.Fail).ToList();
        var f = Assert.Single(failures);
        Assert.Contains("hsts-max-age", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Controller_config_is_ignored_for_another_controllers_class()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr") + Ingress.Replace("CLASS", "traefik", StringComparison.Ordinal) + """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata:
              name: traefik
            spec:
              controller: traefik.io/ingress-controller
            ---

            """ + RedirectOffConfigMap);
        Assert.Equal(Status.Pass, Scan.Run(control, yaml).Controls[0].Status);
    }

    [Fact]
    public void Unreadable_config_maps_on_a_live_cluster_are_not_assessable()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr") + Ingress.Replace("CLASS", "nginx", StringComparison.Ordinal));
        var inventory = new Inventory(yaml.Objects, gaps: [new ResourceGap("", "configmaps", "ConfigMap", "forbidden")], origin: InventoryOrigin.Cluster);
        Assert.Equal(Status.NotAssessable, Scan.Run(control, inventory).Controls[0].Status);
    }

    [Fact]
    public void Default_backend_without_default_tls_fails()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr") + """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: fallback
              namespace: ehr
            spec:
              defaultBackend:
                service:
                  name: portal
                  port:
                    number: 8443
            """);
        var f = Assert.Single(Scan.Run(control, yaml).Findings);
        Assert.Equal(Status.Fail, f.Status);
        Assert.Equal("spec.defaultBackend", f.Path);
    }
}
