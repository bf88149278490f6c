using PhiGuard.Controls.Audit;
using PhiGuard.Controls.Identity;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Tests.Identity;

/// <summary>What cannot be seen is never a pass: managed control planes and files named by flags but not given.</summary>
public sealed class ManagedAndHiddenControlPlaneTests
{
    private const string Gke = """
        apiVersion: phiguard.io/v1alpha1
        kind: ProviderDescription
        metadata:
          name: clinic-gke
        spec:
          provider: gke
          description:
            name: clinic
            selfLink: https://container.googleapis.com/v1/projects/clinic/locations/us-central1/clusters/clinic
        ---

        """;

    private const string Aks = """
        apiVersion: phiguard.io/v1alpha1
        kind: ProviderDescription
        metadata:
          name: clinic-aks
        spec:
          provider: aks
          description:
            name: clinic
            type: Microsoft.ContainerService/ManagedClusters
        ---

        """;

    [Fact]
    public void Sa_tokens_on_gke_with_clean_phi_namespaces_is_not_assessable()
    {
        var yaml = YamlFixture.Parse(Gke + Yaml.Namespace("ehr-prod"));
        var result = Scan.Run(new SaTokensBoundShortLived(), yaml);
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains("GKE", result.Controls[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Mfa_on_a_managed_cluster_without_attestation_is_not_assessable_and_names_the_item()
    {
        var result = Scan.Run(new MfaClaimEnforced(), YamlFixture.Parse(Aks));
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains("mfa-claim-enforced", result.Controls[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_shipping_on_aks_is_not_assessable()
    {
        var result = Scan.Run(new AuditShippedCentral(), YamlFixture.Parse(Aks));
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
    }

    [Fact]
    public void An_authentication_config_named_but_not_given_is_not_assessable()
    {
        var text = File.ReadAllText(Path.Combine(Fixtures.Root, "Identity/MfaClaimEnforced/pass.cel-amr-mfa.yaml"));
        var podOnly = text[..text.IndexOf("\n---", StringComparison.Ordinal)];
        foreach (Control control in new Control[] { new MfaClaimEnforced(), new ExternalIdpOnly() })
        {
            var result = Scan.Run(control, YamlFixture.Parse(podOnly));
            Assert.True(result.Controls[0].Status == Status.NotAssessable, $"{control.Id}: {result.Controls[0].Status}");
            Assert.Contains(result.Findings, f => f.Message.Contains("/etc/kubernetes/authn/config.yaml", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_shipper_whose_config_map_is_missing_leaves_audit_shipping_not_assessable()
    {
        var text = File.ReadAllText(Path.Combine(Fixtures.Root, "Audit/AuditShippedCentral/pass.fluent-bit-tails-audit-log.yaml"));
        var withoutConfigMap = text[..text.LastIndexOf("\n---", StringComparison.Ordinal)];
        var result = Scan.Run(new AuditShippedCentral(), YamlFixture.Parse(withoutConfigMap));
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains(result.Findings, f => f.Status == Status.NotAssessable && f.Message.Contains("fluent-bit-config", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.Status == Status.Pass && f.Object?.Kind == "Pod");
    }

    [Fact]
    public void Rbac_subjects_are_judged_once_across_ha_api_servers_and_the_break_glass_list_is_exempt()
    {
        var text = File.ReadAllText(Path.Combine(Fixtures.Root, "Identity/ExternalIdpOnly/fail.client-cert-user-bound.yaml"));
        var pod = text[..text.IndexOf("\n---", StringComparison.Ordinal)];
        var second = pod.Replace("kube-apiserver-cp-1", "kube-apiserver-cp-2", StringComparison.Ordinal).Replace("nodeName: cp-1", "nodeName: cp-2", StringComparison.Ordinal);
        var yaml = YamlFixture.Parse(text + "\n---\n" + second);
        var result = Scan.Run(new ExternalIdpOnly(), yaml);
        var failure = Assert.Single(result.Findings, f => f.Status == Status.Fail);
        Assert.Equal("subjects[0].name", failure.Path);
        Assert.Equal(2, result.Findings.Count(f => f.Status == Status.Pass && f.Object?.Kind == "Pod"));

        var allowed = Scan.Run(new ExternalIdpOnly(), yaml.ToInventory(), yaml.ToConfig() with { ClusterAdminAllowList = [new("User", "jsmith")] });
        Assert.Equal(Status.Pass, allowed.Controls[0].Status);
    }
}
