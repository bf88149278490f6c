using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Tests;

/// <summary>
/// Runs every control on every fixture beside it: <c>pass.*</c> must pass, <c>fail.*</c> must fail with findings at
/// each path its <c># expect:</c> lines name. Folders and fixtures are found on disk, not listed here.
/// </summary>
public sealed class FixtureTests
{
    public static TheoryData<string> AllFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures.All)
        {
            data.Add(f);
        }

        return data;
    }

    [Fact]
    public void Fixtures_are_found()
    {
        // Guards the theory below against passing vacuously when fixtures stop being copied to the output.
        Assert.True(Fixtures.All.Count >= 12, $"only {Fixtures.All.Count} fixtures under {Fixtures.Root}");
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Fixture_gives_its_expected_status(string fixture)
    {
        var control = Fixtures.ControlFor(fixture);
        Assert.True(control is not null, $"{fixture}: no control class matches its folder (expected Area/ClassName)");
        var yaml = YamlFixture.Load(Path.Combine(Fixtures.Root, fixture));
        var result = Scan.Run(control, yaml);
        var status = Assert.Single(result.Controls);
        var findings = result.Findings.Where(f => f.Control == control.Id).ToList();
        var failures = findings.Where(f => f.Status == Status.Fail).ToList();
        var detail = string.Join("\n", findings.Select(f => $"  {f.Status.ToWire()} {f.Object} [{f.Path}] {f.Message}"));

        if (Path.GetFileName(fixture).StartsWith("pass.", StringComparison.Ordinal))
        {
            Assert.True(status.Status == Status.Pass, $"{fixture}: expected pass, got {status.Status.ToWire()} ({status.Reason})\n{detail}");
            Assert.Empty(failures);
            Assert.Empty(yaml.ExpectedPaths);
        }
        else
        {
            Assert.True(status.Status == Status.Fail, $"{fixture}: expected fail, got {status.Status.ToWire()} ({status.Reason})\n{detail}");
            Assert.NotEmpty(failures);
            Assert.True(yaml.ExpectedPaths.Count > 0, $"{fixture}: a fail fixture names the path it fails at with '# expect: PATH' (or '(object)')");
            foreach (var path in yaml.ExpectedPaths)
            {
                Assert.True(failures.Any(f => f.Path == path), $"{fixture}: no failure at '{path}'\n{detail}");
            }

            // Every failure message is precise enough to act on: it names something, not just "failed".
            Assert.All(failures, f => Assert.True(f.Message.Length > 20, $"{fixture}: terse message '{f.Message}'"));
        }
    }
}
