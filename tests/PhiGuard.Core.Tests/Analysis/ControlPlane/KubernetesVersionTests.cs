using PhiGuard.Core.Analysis.ControlPlane;

namespace PhiGuard.Core.Tests.Analysis.ControlPlane;

/// <summary>Versions as components and providers print them.</summary>
public sealed class KubernetesVersionTests
{
    [Theory]
    [InlineData("v1.35.2", 35, 2)]
    [InlineData("1.36.4-gke.1200", 36, 4)]
    [InlineData("v1.35.9-eks-113cf36", 35, 9)]
    [InlineData("v1.33.1+k3s1", 33, 1)]
    [InlineData(" V1.29.14 ", 29, 14)]
    public void Parses_minor_and_patch(string text, int minor, int patch)
    {
        Assert.Equal(new KubernetesVersion(minor, patch), KubernetesVersion.Parse(text));
    }

    [Theory]
    [InlineData("1.35")]
    [InlineData("v1.35-eks")]
    public void Minor_only_has_no_patch(string text)
    {
        var v = KubernetesVersion.Parse(text);
        Assert.NotNull(v);
        Assert.Null(v.Value.Patch);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2.1.0")]
    [InlineData("v1.")]
    [InlineData("1.35x")]
    [InlineData("1.35.x")]
    [InlineData("latest")]
    public void Rejects_what_is_not_a_kubernetes_version(string? text)
    {
        Assert.Null(KubernetesVersion.Parse(text));
    }
}
