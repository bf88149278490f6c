using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Controls.Tests.Remediation;

/// <summary>
/// For every control with a remediation, each of its fail fixtures is patched in-process with the patch text
/// <c>scan --fix-patch</c> writes, then judged again: what the patch claims to fix passes, and only the failures
/// it lists as manual remain.
/// </summary>
public sealed class PatchesMakeFixturesPassTests
{
    public static TheoryData<string> RemediableFailFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures.All.Where(f => Path.GetFileName(f).StartsWith("fail.", StringComparison.Ordinal) && Fixtures.ControlFor(f) is IRemediable))
        {
            data.Add(f);
        }

        return data;
    }

    [Fact]
    public void Remediable_controls_and_their_fail_fixtures_are_found()
    {
        var remediable = BuiltInControls.All.OfType<IRemediable>().Cast<Control>().Select(c => c.Id).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["psa-restricted-enforced", "readonly-root-filesystem", "resource-quota-limitrange", "running-pods-restricted", "sa-token-automount-minimal"], remediable);
        Assert.True(RemediableFailFixtures().Count >= 12, $"only {RemediableFailFixtures().Count} fail fixtures of remediable controls");
    }

    [Theory]
    [MemberData(nameof(RemediableFailFixtures))]
    public void Patched_fail_fixture_passes_except_what_is_listed_as_manual(string fixture)
    {
        var control = Fixtures.ControlFor(fixture)!;
        var yaml = YamlFixture.Load(Path.Combine(Fixtures.Root, fixture));
        var inventory = yaml.ToInventory();
        var config = yaml.ToConfig();
        var before = Scan.Run(control, inventory, config);
        var plan = RemediationPlanner.Plan(before, new ControlContext(inventory, config, Profile.Hipaa, Scan.Now), [control]);
        // A fixture names the failures a patch cannot fix with '# manual: PATH'; every other failure must be patched.
        Assert.Equal(yaml.Values("manual").Select(v => v == "(object)" ? string.Empty : v).Order(StringComparer.Ordinal), plan.Objects.SelectMany(o => o.Manual).Select(m => m.Path).Order(StringComparer.Ordinal));
        var failing = before.Findings.Where(f => f.Status == Status.Fail).Select(f => f.Object!).Distinct().ToList();
        Assert.NotEmpty(failing);
        Assert.Equal(failing.Order(), plan.Objects.Select(o => o.Object));

        var patched = inventory.Objects.Select(o =>
        {
            var rem = plan.Objects.SingleOrDefault(r => r.Object == o.Ref);
            return rem?.Patch is null ? o : PatchFiles.Apply(o, rem.Format, PatchFiles.Text(rem));
        }).ToList();
        var after = Scan.Run(control, new Inventory(patched, origin: inventory.Origin, facts: inventory.Facts), config);
        var remaining = after.Findings.Where(f => f.Status == Status.Fail).ToList();

        foreach (var rem in plan.Objects)
        {
            var left = remaining.Where(f => f.Object == rem.Object).ToList();
            var detail = $"{fixture}: {rem.Object}\n  patch: {rem.Patch?.ToJsonString()}\n  manual: {string.Join("; ", rem.Manual.Select(m => m.Path))}\n  still failing: {string.Join("; ", left.Select(f => $"{f.Path} {f.Message}"))}";
            if (rem.Manual.Count == 0)
            {
                Assert.True(rem.Patch is not null, detail);
                Assert.True(left.Count == 0, detail);
                Assert.Equal([control.Id], rem.ControlsFixed);
            }
            else
            {
                // Whatever still fails is a failure the index told a person to fix, at the path it named.
                Assert.All(left, f => Assert.True(rem.Manual.Any(m => m.Path == f.Path), detail));
                Assert.DoesNotContain(control.Id, rem.ControlsFixed);
            }
        }
    }
}
