using System.Text.Json;
using PhiGuard.Core.Analysis.PodSecurity;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Tests.Analysis;

public sealed class NamespacePolicyTests
{
    [Fact]
    public void No_labels_means_privileged_at_latest()
    {
        var p = NamespacePolicy.Of(Ns("{}"));
        Assert.Equal(PodSecurityLevel.Privileged, p.Level);
        Assert.True(p.Version.IsLatest);
        Assert.Empty(p.Errors);
    }

    [Fact]
    public void Pinned_version_and_level_are_read()
    {
        var p = NamespacePolicy.Of(Ns("""{"pod-security.kubernetes.io/enforce":"baseline","pod-security.kubernetes.io/enforce-version":"v1.24"}"""));
        Assert.Equal(PodSecurityLevel.Baseline, p.Level);
        Assert.Equal(24, p.Version.Minor);
        Assert.False(p.Version.IsLatest);
    }

    [Fact]
    public void Invalid_values_are_evaluated_as_restricted_latest_and_reported()
    {
        var p = NamespacePolicy.Of(Ns("""{"pod-security.kubernetes.io/enforce":"strict","pod-security.kubernetes.io/enforce-version":"1.30"}"""));
        Assert.Equal(PodSecurityLevel.Restricted, p.Level);
        Assert.True(p.Version.IsLatest);
        Assert.Equal(2, p.Errors.Count);
    }

    [Theory]
    [InlineData("latest", true, 37)]
    [InlineData("v1.0", true, 0)]
    [InlineData("v1.99", true, 37)]
    [InlineData("v1.", false, 0)]
    [InlineData("v2.1", false, 0)]
    [InlineData("v1.2x", false, 0)]
    [InlineData("v1.-1", false, 0)]
    public void Versions_parse_like_the_label(string text, bool ok, int minor)
    {
        Assert.Equal(ok, PodSecurityVersion.TryParse(text, out var v));
        if (ok)
        {
            Assert.Equal(minor, v!.Value.Minor);
        }
    }

    private static KubeObject Ns(string labels) =>
        KubeObject.Create(JsonDocument.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ehr","labels":""" + labels + "}}").RootElement);
}
