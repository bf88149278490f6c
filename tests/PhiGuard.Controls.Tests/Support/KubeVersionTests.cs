using PhiGuard.Controls.Support;

namespace PhiGuard.Controls.Tests.Support;

public sealed class KubeVersionTests
{
    [Theory]
    [InlineData("v1.34.2", 34)]
    [InlineData("v1.31.2-eks-1a2b3c", 31)]
    [InlineData("1.30", 30)]
    [InlineData("v1.29+k3s1", 29)]
    [InlineData("v2.1.0", null)]
    [InlineData("v1.", null)]
    [InlineData("v1.3x", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Minor_is_read_from_kubernetes_versions(string? version, int? minor) =>
        Assert.Equal(minor, KubeVersion.Minor(version));
}
