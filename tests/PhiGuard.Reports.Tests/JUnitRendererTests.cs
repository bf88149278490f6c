using System.Xml.Linq;

namespace PhiGuard.Reports.Tests;

public sealed class JUnitRendererTests
{
    private static XDocument Junit() => XDocument.Parse(Render.Format("junit", Scenario.Scan(), Scenario.Options()));

    private static XElement Suite(XDocument doc, string id) =>
        doc.Root!.Elements("testsuite").Single(s => (string?)s.Attribute("name") == id);

    private static int Attr(XElement e, string name) => int.Parse((string)e.Attribute(name)!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Matches_golden_file() =>
        Golden.Verify("scan.junit.xml", Render.Format("junit", Scenario.Scan(), Scenario.Options()));

    [Fact]
    public void Is_well_formed_and_every_count_attribute_is_right()
    {
        var doc = Junit();
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(Scenario.Controls.Count, suites.Count);
        foreach (var s in suites.Append(root))
        {
            var cases = s.Descendants("testcase").ToList();
            Assert.Equal(cases.Count, Attr(s, "tests"));
            Assert.Equal(cases.Count(c => c.Element("failure") is not null), Attr(s, "failures"));
            Assert.Equal(cases.Count(c => c.Element("skipped") is not null), Attr(s, "skipped"));
            Assert.Equal(0, Attr(s, "errors"));
        }

        Assert.True(Attr(root, "failures") > 0);
        Assert.True(Attr(root, "skipped") > 0);
    }

    [Fact]
    public void Failures_are_aggregated_per_object_with_severity_and_paths()
    {
        var suite = Suite(Junit(), "test-readonly-root");
        var api = suite.Elements("testcase").Single(c => (string?)c.Attribute("name") == "Deployment/ehr-prod/ehr-api");
        Assert.Equal("test-readonly-root", (string?)api.Attribute("classname"));
        var failure = api.Element("failure")!;
        Assert.Equal("high", (string?)failure.Attribute("type"));
        Assert.Equal("spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem: container \"log-shipper\" does not set readOnlyRootFilesystem: true", failure.Value);
        var worker = suite.Elements("testcase").Single(c => (string?)c.Attribute("name") == "Deployment/ehr-prod/ehr-worker");
        Assert.False(worker.HasElements);
    }

    [Fact]
    public void Waived_not_assessable_and_manual_cases_are_skipped_passed_or_failed()
    {
        var doc = Junit();
        var waived = Suite(doc, "test-readonly-root").Elements("testcase").Single(c => (string?)c.Attribute("name") == "StatefulSet/billing/billing-db");
        Assert.StartsWith("waived: approved by Dana Whitfield (CISO)", (string?)waived.Element("skipped")!.Attribute("message"), StringComparison.Ordinal);

        var gap = Suite(doc, "test-rbac-bindings").Elements("testcase").Single();
        Assert.StartsWith("not assessable: could not read clusterrolebindings", (string?)gap.Element("skipped")!.Attribute("message"), StringComparison.Ordinal);

        var training = Suite(doc, "test-workforce-training").Elements("testcase").Single();
        Assert.StartsWith("awaiting attestation", (string?)training.Element("skipped")!.Attribute("message"), StringComparison.Ordinal);
        Assert.False(Suite(doc, "test-baa-executed").Elements("testcase").Single().HasElements);
        Assert.Contains("expired", Suite(doc, "test-dr-plan-approved").Descendants("failure").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_waiver_is_its_own_failing_case()
    {
        var suite = Suite(Junit(), "test-ingress-tls");
        var expired = suite.Elements("testcase").Single(c => ((string?)c.Attribute("name"))!.StartsWith("(cluster) waivers[1]", StringComparison.Ordinal));
        Assert.Contains("expired on 2025-12-31", expired.Element("failure")!.Value, StringComparison.Ordinal);
    }
}
