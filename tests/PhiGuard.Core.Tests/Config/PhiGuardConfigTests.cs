using PhiGuard.Core.Config;

namespace PhiGuard.Core.Tests.Config;

public sealed class PhiGuardConfigTests
{
    [Fact]
    public void Default_config_has_the_default_system_namespaces()
    {
        // Regression: Default was initialised before DefaultSystemNamespaces and carried null.
        Assert.Equal(["kube-system", "kube-public", "kube-node-lease"], PhiGuardConfig.Default.SystemNamespaces);
    }

    [Fact]
    public void Threshold_falls_back_when_unset()
    {
        var config = new PhiGuardConfig { Thresholds = new Dictionary<string, double> { ["maxNodeAgeDays"] = 14 } };
        Assert.Equal(14, config.Threshold("maxNodeAgeDays", 30));
        Assert.Equal(30, PhiGuardConfig.Default.Threshold("maxNodeAgeDays", 30));
    }
}
