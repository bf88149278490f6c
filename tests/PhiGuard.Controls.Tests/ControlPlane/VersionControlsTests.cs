using Microsoft.Extensions.Time.Testing;
using PhiGuard.Controls.ControlPlane;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Tests.ControlPlane;

/// <summary>k8s-version-supported and k8s-patch-current: dated table, warning window, sources, and no pass for the unseen.</summary>
public sealed class VersionControlsTests
{
    private const string EksMinorOnly = """
        apiVersion: phiguard.io/v1alpha1
        kind: ProviderDescription
        metadata:
          name: clinic-eks
        spec:
          provider: eks
          description:
            cluster:
              name: clinic
              arn: arn:aws:eks:us-east-1:111122223333:cluster/clinic
              version: "1.35"
              platformVersion: eks.12
        """;

    [Fact]
    public void Within_sixty_days_of_end_of_life_passes_with_a_dated_warning()
    {
        // 1.34 reaches end of life on 2026-10-27, 26 days after the fixed scan time.
        var result = Scan.Run(new K8sVersionSupported(), Inventory("v1.34.9"));
        Assert.Equal(Status.Pass, result.Controls[0].Status);
        var pass = Assert.Single(result.Findings);
        Assert.StartsWith("WARNING:", pass.Message, StringComparison.Ordinal);
        Assert.Contains("26 days", pass.Message, StringComparison.Ordinal);
        Assert.Contains("release table as of 2026-09-15", pass.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_day_after_end_of_life_fails()
    {
        var control = new K8sVersionSupported();
        var scanner = new Scanner([control], new FakeTimeProvider(new DateTimeOffset(2026, 10, 28, 0, 0, 0, TimeSpan.Zero)));
        var result = scanner.Scan(Inventory("v1.34.9"));
        Assert.Equal(Status.Fail, result.Controls[0].Status);
        Assert.Contains("reached end of life on 2026-10-27", result.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minor_newer_than_the_table_is_not_assessable_not_assumed_supported()
    {
        var result = Scan.Run(new K8sVersionSupported(), Inventory("v1.38.0"));
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
        Assert.Contains("newer than the release table", result.Controls[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minor_older_than_the_table_fails()
    {
        var result = Scan.Run(new K8sVersionSupported(), Inventory("v1.27.16"));
        Assert.Equal(Status.Fail, result.Controls[0].Status);
    }

    [Fact]
    public void No_version_anywhere_is_not_assessable()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr"));
        foreach (var control in new Control[] { new K8sVersionSupported(), new K8sPatchCurrent() })
        {
            var result = Scan.Run(control, yaml);
            Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
            Assert.Contains("GET /version", result.Controls[0].Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Eks_states_only_the_minor_so_the_patch_is_not_assessable_but_support_is_judged()
    {
        var yaml = YamlFixture.Parse(EksMinorOnly);
        var patch = Scan.Run(new K8sPatchCurrent(), yaml);
        Assert.Equal(Status.NotAssessable, patch.Controls[0].Status);
        Assert.Contains("states only the minor", patch.Controls[0].Reason, StringComparison.Ordinal);
        Assert.Equal(Status.Pass, Scan.Run(new K8sVersionSupported(), yaml).Controls[0].Status);
    }

    [Theory]
    [InlineData("v1.35.9", Status.Pass)]
    [InlineData("v1.35.10", Status.Pass)]
    [InlineData("v1.35.7-eks-113cf36", Status.Pass)]
    [InlineData("v1.35.6", Status.Fail)]
    [InlineData("v1.35.0", Status.Fail)]
    public void Patch_lag_of_at_most_two_passes(string version, Status expected)
    {
        var result = Scan.Run(new K8sPatchCurrent(), Inventory(version));
        Assert.Equal(expected, result.Controls[0].Status);
        Assert.Contains("release table as of 2026-09-15", result.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minor_without_a_verified_latest_patch_is_not_assessable()
    {
        var result = Scan.Run(new K8sPatchCurrent(), Inventory("v1.32.9"));
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
    }

    [Fact]
    public void An_old_table_says_so_in_the_message()
    {
        var control = new K8sPatchCurrent();
        var scanner = new Scanner([control], new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)));
        var result = scanner.Scan(Inventory("v1.36.4"));
        Assert.Contains("days old", result.Findings[0].Message, StringComparison.Ordinal);
    }

    private static Inventory Inventory(string serverVersion) =>
        new([], facts: new ClusterFacts { ServerVersion = serverVersion });
}
