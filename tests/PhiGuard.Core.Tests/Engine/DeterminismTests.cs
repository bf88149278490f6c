using PhiGuard.Core.Engine;
using PhiGuard.Core.Tests.Support;

namespace PhiGuard.Core.Tests.Engine;

public sealed class DeterminismTests
{
    [Fact]
    public void Findings_are_sorted_the_same_whatever_the_input_order()
    {
        var objects = Objects.ParseAll($"""
            [{Objects.Namespace("ehr", true)}, {Objects.Namespace("claims", true)},
             {Objects.Deployment("ehr", "b", "x", "bad", "bad")}, {Objects.Deployment("ehr", "a", "x", "ok")},
             {Objects.Deployment("claims", "z", "x", "bad")}, {Objects.Deployment("claims", "y", "x", "ok", "bad")}]
            """);
        var controls = new Control[]
        {
            new ContainerNamedBad("test-z"),
            new ContainerNamedBad("test-a"),
            new FixedClusterOutcome("test-m", Status.Fail, Severity.Low, "164.312(d)"),
        };
        string Render(IEnumerable<Control> c, IEnumerable<PhiGuard.Core.Inventory.KubeObject> o) => string.Join("\n",
            Support.Engine.Scan(c, new PhiGuard.Core.Inventory.Inventory(o.ToList())).Findings
                .Select(f => $"{f.Control} {f.Object} {f.Path} {f.Status} {f.Message}"));

        var expected = Render(controls, objects);
        var random = new Random(20261001);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(expected, Render(controls.OrderBy(_ => random.Next()), objects.OrderBy(_ => random.Next())));
        }

        // Sorted by control id, then object (namespace, kind, name), then path.
        var lines = expected.Split('\n');
        Assert.Equal(
            ["test-a", "test-a", "test-a", "test-a", "test-a", "test-m", "test-z", "test-z", "test-z", "test-z", "test-z"],
            lines.Select(l => l.Split(' ')[0]));
        Assert.Equal(
            ["Deployment/claims/y", "Deployment/claims/z", "Deployment/ehr/a", "Deployment/ehr/b", "Deployment/ehr/b"],
            lines.Take(5).Select(l => l.Split(' ')[1]));
        Assert.Contains("containers[0]", lines[3], StringComparison.Ordinal);
        Assert.Contains("containers[1]", lines[4], StringComparison.Ordinal);
    }
}
