using PhiGuard.Controls.SupplyChain;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Tests.SupplyChain;

public sealed class PolicyEngineEnforcingTests
{
    private readonly PolicyEngineEnforcing control = new();

    [Fact]
    public void Missing_engine_webhooks_are_not_assessable_from_manifests_but_fail_live()
    {
        var file = Path.Combine(Fixtures.Root, BuiltInControls.FolderOf(control), "fail.kyverno-webhooks-missing-live.yaml");
        var text = File.ReadAllText(file);
        Assert.Contains("# origin: cluster", text, StringComparison.Ordinal);

        var live = Scan.Run(control, YamlFixture.Parse(text));
        Assert.Equal(Status.Fail, live.Controls[0].Status);

        // The same objects as Helm output: Kyverno registers its webhooks at runtime, so their absence proves nothing.
        var manifests = Scan.Run(control, YamlFixture.Parse(text.Replace("# origin: cluster\n", string.Empty, StringComparison.Ordinal)));
        Assert.Equal(Status.NotAssessable, manifests.Controls[0].Status);
        Assert.DoesNotContain(manifests.Findings, f => f.Status == Status.Fail);
        Assert.Contains(manifests.Findings, f => f.Status == Status.NotAssessable && f.Message.Contains("no Kyverno admission webhook", StringComparison.Ordinal));
    }

    [Fact]
    public void Pod_security_admission_restricted_counts_only_for_non_root()
    {
        var result = Scan.Run(control, YamlFixture.Parse(Yaml.Namespace("ehr", extraLabels: "    pod-security.kubernetes.io/enforce: restricted")));
        var failures = result.Findings.Where(f => f.Status == Status.Fail).Select(f => f.Message).ToList();
        Assert.Equal(3, failures.Count);
        Assert.DoesNotContain(failures, m => m.Contains("non-root", StringComparison.Ordinal));
        Assert.Contains(failures, m => m.Contains("read-only root filesystems", StringComparison.Ordinal));
        Assert.Contains(failures, m => m.Contains("approved image registries", StringComparison.Ordinal));
        Assert.Contains(failures, m => m.Contains("verified image signatures", StringComparison.Ordinal));
    }

    [Fact]
    public void No_phi_namespace_is_not_applicable()
    {
        var result = Scan.Run(control, YamlFixture.Parse(Yaml.Namespace("tools", phi: "false")));
        Assert.Equal(Status.NotApplicable, result.Controls[0].Status);
    }
}
