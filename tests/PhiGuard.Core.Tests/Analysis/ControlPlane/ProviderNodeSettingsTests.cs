using System.Text.Json;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Tests.Analysis.ControlPlane;

/// <summary>Node metadata hardening and disk encryption read from EKS, GKE and AKS descriptions; unseen is never a pass.</summary>
public sealed class ProviderNodeSettingsTests
{
    private const string EksCluster = "\"cluster\": {\"name\": \"clinic\", \"arn\": \"arn:aws:eks:us-east-1:111122223333:cluster/clinic\", \"version\": \"1.35\"}";

    [Fact]
    public void Eks_launch_template_with_imdsv2_and_hop_limit_one_passes()
    {
        var a = Assert.Single(ProviderNodeSettings.MetadataHardening(Describe("eks", $$$"""
            { {{{EksCluster}}}, "LaunchTemplateVersions": [{"LaunchTemplateName": "phi", "VersionNumber": 3,
              "LaunchTemplateData": {"MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 1} }}] }
            """)));
        Assert.Equal(Status.Pass, a.Status);
    }

    [Theory]
    [InlineData("""{"HttpTokens": "optional", "HttpPutResponseHopLimit": 1}""")]
    [InlineData("""{"HttpTokens": "required", "HttpPutResponseHopLimit": 2}""")]
    [InlineData("""{}""")]
    public void Eks_launch_template_without_both_settings_fails(string options)
    {
        var a = Assert.Single(ProviderNodeSettings.MetadataHardening(Describe("eks", $$$"""
            { {{{EksCluster}}}, "LaunchTemplateVersions": [{"LaunchTemplateName": "phi", "VersionNumber": 1,
              "LaunchTemplateData": {"MetadataOptions": {{{options}}}}}] }
            """)));
        Assert.Equal(Status.Fail, a.Status);
        Assert.Equal("spec.description.LaunchTemplateVersions[0].LaunchTemplateData.MetadataOptions", a.Path);
        Assert.Contains("launch template phi v1", a.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eks_cluster_alone_or_default_launch_template_is_not_assessable()
    {
        Assert.Equal(Status.NotAssessable, Assert.Single(ProviderNodeSettings.MetadataHardening(Describe("eks", $"{{ {EksCluster} }}"))).Status);
        var a = Assert.Single(ProviderNodeSettings.MetadataHardening(Describe("eks", $$$"""
            { {{{EksCluster}}}, "nodegroups": [{"nodegroup": {"nodegroupName": "ng-1"}}] }
            """)));
        Assert.Equal(Status.NotAssessable, a.Status);
        Assert.Contains("ng-1", a.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gke_pools_are_judged_one_by_one()
    {
        var list = ProviderNodeSettings.MetadataHardening(Describe("gke", """
            {"name": "c", "nodePools": [
              {"name": "a", "config": {"workloadMetadataConfig": {"mode": "GKE_METADATA"} }},
              {"name": "b", "config": {"workloadMetadataConfig": {"mode": "GCE_METADATA"} }},
              {"name": "c", "config": {}}]}
            """));
        Assert.Equal([Status.Pass, Status.Fail, Status.Fail], list.Select(a => a.Status));
        Assert.Equal("spec.description.nodePools[1].config.workloadMetadataConfig", list[1].Path);
    }

    [Theory]
    [InlineData("""{"networkProfile": {"podLinkLocalAccess": "None"}}""", Status.Pass)]
    [InlineData("""{"networkProfile": {"podLinkLocalAccess": "IMDS"}}""", Status.Fail)]
    [InlineData("""{"networkProfile": {}}""", Status.Fail)]
    public void Aks_imds_restriction_decides_and_its_default_is_open(string json, Status expected)
    {
        Assert.Equal(expected, Assert.Single(ProviderNodeSettings.MetadataHardening(Describe("aks", json))).Status);
    }

    [Theory]
    [InlineData("true", null, Status.Pass)]
    [InlineData("false", "true", Status.Pass)]
    [InlineData("false", "false", Status.Fail)]
    [InlineData("false", null, Status.Fail)]
    public void Eks_volume_encrypted_in_template_or_by_account_default(string encrypted, string? byDefault, Status expected)
    {
        var extra = byDefault is null ? string.Empty : $", \"EbsEncryptionByDefault\": {byDefault}";
        var a = Assert.Single(ProviderNodeSettings.DiskEncryption(Describe("eks", $$$"""
            { {{{EksCluster}}}{{{extra}}}, "LaunchTemplateVersions": [{"LaunchTemplateName": "phi", "VersionNumber": 1,
              "LaunchTemplateData": {"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": {{{encrypted}}}}}]}}] }
            """)));
        Assert.Equal(expected, a.Status);
    }

    [Fact]
    public void Eks_default_launch_template_depends_on_the_account_default()
    {
        const string groups = "\"nodegroups\": [{\"nodegroup\": {\"nodegroupName\": \"ng-1\"}}]";
        Assert.Equal(Status.NotAssessable, Assert.Single(ProviderNodeSettings.DiskEncryption(Describe("eks", $"{{ {EksCluster}, {groups} }}"))).Status);
        Assert.Equal(Status.Pass, Assert.Single(ProviderNodeSettings.DiskEncryption(Describe("eks", $"{{ {EksCluster}, {groups}, \"EbsEncryptionByDefault\": true }}"))).Status);
    }

    [Fact]
    public void Gke_boot_disk_needs_a_customer_managed_key()
    {
        var list = ProviderNodeSettings.DiskEncryption(Describe("gke", """
            {"name": "c", "nodePools": [{"name": "a", "config": {"bootDiskKmsKey": "projects/p/locations/l/keyRings/r/cryptoKeys/k"}}, {"name": "b", "config": {}}]}
            """));
        Assert.Equal([Status.Pass, Status.Fail], list.Select(a => a.Status));
    }

    [Fact]
    public void Aks_pools_need_encryption_at_host_and_missing_pools_are_not_assessable()
    {
        var list = ProviderNodeSettings.DiskEncryption(Describe("aks", """
            {"properties": {"agentPoolProfiles": [{"name": "sys", "enableEncryptionAtHost": true}, {"name": "phi"}]}}
            """));
        Assert.Equal([Status.Pass, Status.Fail], list.Select(a => a.Status));
        Assert.Equal("spec.description.properties.agentPoolProfiles[1].enableEncryptionAtHost", list[1].Path);
        Assert.Equal(Status.NotAssessable, Assert.Single(ProviderNodeSettings.DiskEncryption(Describe("aks", "{}"))).Status);
    }

    internal static ProviderDescription Describe(string provider, string description)
    {
        var json = "{\"apiVersion\": \"phiguard.io/v1alpha1\", \"kind\": \"ProviderDescription\", \"metadata\": {\"name\": \"c\"}, \"spec\": {\"provider\": \"" + provider + "\", \"description\": " + description + "}}";
        using var doc = JsonDocument.Parse(json);
        return ProviderDescription.From(KubeObject.Create(doc.RootElement.Clone()))!;
    }
}
