using PhiGuard.Core.Config;
using PhiGuard.Sources.Config;

namespace PhiGuard.Sources.Tests.Config;

/// <summary>The node-os-approved settings: approvedNodeOs replaces the defaults, approvedKernels adds exceptions.</summary>
public sealed class NodeOsConfigTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Defaults_name_the_minimal_oses_and_no_kernels()
    {
        var result = ConfigLoader.Load(dir.Write("phiguard.yaml", "profile: hipaa\n"));
        Assert.Empty(result.Errors);
        Assert.Contains("Bottlerocket", result.Config.ApprovedNodeOs);
        Assert.Equal(PhiGuardConfig.DefaultApprovedNodeOs, result.Config.ApprovedNodeOs);
        Assert.Empty(result.Config.ApprovedKernels);
    }

    [Fact]
    public void Lists_are_read_and_replace_the_defaults()
    {
        var result = ConfigLoader.Load(dir.Write("phiguard.yaml", "approvedNodeOs: [Ubuntu 24.04, Flatcar]\napprovedKernels: [6.8.0-60]\nthresholds: {maxNodeAgeDays: 14}\n"));
        Assert.Empty(result.Errors);
        Assert.Equal(["Ubuntu 24.04", "Flatcar"], result.Config.ApprovedNodeOs);
        Assert.Equal(["6.8.0-60"], result.Config.ApprovedKernels);
        Assert.Equal(14, result.Config.Threshold("maxNodeAgeDays", 30));
    }

    [Fact]
    public void A_scalar_where_a_list_belongs_is_an_error_with_its_line()
    {
        var result = ConfigLoader.Load(dir.Write("phiguard.yaml", "profile: hipaa\napprovedNodeOs: {os: Flatcar}\n"));
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("approvedNodeOs", error.Message, StringComparison.Ordinal);
    }
}
