using System.Globalization;
using System.Text;
using System.Xml;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Reports.Internal;

namespace PhiGuard.Reports;

/// <summary>
/// JUnit XML for CI dashboards: a test suite per control, a test case per control × object. Failures of one object
/// are aggregated into one failure (one "path: message" per line, type = severity); waived and not-assessable cases
/// are skipped with the reason; a manual control is one case, skipped until attested, then passed or failed.
/// </summary>
internal sealed class JUnitRenderer : IReportRenderer
{
    public string Format => "junit";

    public string FileExtension => ".junit.xml";

    public void Render(ScanResult result, RenderOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var view = new ReportView(result, options);
        var suites = view.Controls.Select(c => BuildSuite(view, c)).ToList();

        // Findings of controls outside the selection (an expired waiver for a control that did not run) still count.
        var orphans = view.Findings.Where(f => view.Control(f.Control) is null)
            .GroupBy(f => f.Control, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var g in orphans)
        {
            suites.Add(new Suite(g.Key, null, CasesFor(g.Key, g.ToList())));
        }

        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            Encoding = new UTF8Encoding(false),
        };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "PhiGuard");
            WriteCounts(xml, suites.SelectMany(s => s.Cases).ToList());
            if (options.IncludeTimestamp)
            {
                xml.WriteAttributeString("timestamp", Text.Timestamp(result.ScannedAt));
            }

            foreach (var suite in suites)
            {
                WriteSuite(xml, suite);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        output.Write(Encoding.UTF8.GetString(stream.ToArray()));
        output.Write('\n');
    }

    private static Suite BuildSuite(ReportView view, ControlResult c)
    {
        var id = c.Control.Id;
        if (c.Control.Shape == ControlShape.Manual)
        {
            var outcome = c.Status switch
            {
                Status.Pass => Outcome.Passed,
                Status.Fail => Outcome.Failed,
                _ => Outcome.Skipped,
            };
            var text = c.Reason ?? "awaiting attestation";
            return new Suite(id, c, [new Case(id, "attestation", outcome, c.Control.Severity.ToWire(), text, text)]);
        }

        var findings = view.FindingsOf(id);
        var cases = CasesFor(id, findings);
        if (cases.Count == 0)
        {
            // Nothing was judged: say why rather than leave an empty suite that reads as "all good".
            var reason = c.Reason ?? "nothing in scope";
            var label = c.Status == Status.NotAssessable ? "not assessable: " : "not applicable: ";
            cases.Add(new Case(id, "(cluster)", Outcome.Skipped, null, label + reason, null));
        }

        return new Suite(id, c, cases);
    }

    private static List<Case> CasesFor(string id, IReadOnlyList<Finding> findings)
    {
        var cases = new List<Case>();
        foreach (var group in findings.GroupBy(f => f.Object).OrderBy(g => g.Key, Comparer<ObjectRef?>.Create(CompareRefs)))
        {
            var list = group.ToList();
            var name = group.Key?.ToString() ?? ClusterName(list);
            var failed = list.Where(f => f.Status == Status.Fail).ToList();
            if (failed.Count > 0)
            {
                var severity = failed.Max(f => f.Severity);
                var body = string.Join('\n', failed.Select(f => f.Path.Length == 0 ? f.Message : $"{f.Path}: {f.Message}"));
                var summary = failed.Count == 1 ? failed[0].Message : $"{failed.Count} failures";
                cases.Add(new Case(id, name, Outcome.Failed, severity.ToWire(), summary, body));
                continue;
            }

            var waived = list.FirstOrDefault(f => f.Status == Status.Waived);
            if (waived?.Waiver is { } waiver)
            {
                cases.Add(new Case(id, name, Outcome.Skipped, null, "waived: " + Text.Waiver(waiver), null));
                continue;
            }

            var na = list.FirstOrDefault(f => f.Status == Status.NotAssessable);
            if (na is not null)
            {
                cases.Add(new Case(id, name, Outcome.Skipped, null, "not assessable: " + na.Message, null));
                continue;
            }

            cases.Add(new Case(id, name, Outcome.Passed, null, null, null));
        }

        return cases;
    }

    /// <summary>Cluster-level findings have no object; name them after their path (a waiver entry) or the cluster.</summary>
    private static string ClusterName(List<Finding> findings)
    {
        var path = findings.Select(f => f.Path).FirstOrDefault(p => p.Length > 0);
        return path is null ? "(cluster)" : $"(cluster) {path}";
    }

    private static int CompareRefs(ObjectRef? a, ObjectRef? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        _ => a.CompareTo(b),
    };

    private static void WriteSuite(XmlWriter xml, Suite suite)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", XmlChars.Safe(suite.Id));
        WriteCounts(xml, suite.Cases);
        if (suite.Control is { } c)
        {
            xml.WriteStartElement("properties");
            Property(xml, "title", c.Control.Title);
            Property(xml, "severity", c.Control.Severity.ToWire());
            Property(xml, "status", c.Status.ToWire());
            Property(xml, "hipaa", Text.Citations(c.Control));
            xml.WriteEndElement();
        }

        foreach (var tc in suite.Cases)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", XmlChars.Safe(tc.ClassName));
            xml.WriteAttributeString("name", XmlChars.Safe(tc.Name));
            switch (tc.Outcome)
            {
                case Outcome.Failed:
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("type", tc.Type ?? "failure");
                    xml.WriteAttributeString("message", XmlChars.Safe(tc.Message));
                    xml.WriteString(XmlChars.Safe(tc.Body));
                    xml.WriteEndElement();
                    break;
                case Outcome.Skipped:
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", XmlChars.Safe(tc.Message));
                    xml.WriteEndElement();
                    break;
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", XmlChars.Safe(value));
        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, IReadOnlyCollection<Case> cases)
    {
        xml.WriteAttributeString("tests", cases.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", cases.Count(c => c.Outcome == Outcome.Failed).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", cases.Count(c => c.Outcome == Outcome.Skipped).ToString(CultureInfo.InvariantCulture));
    }

    private enum Outcome
    {
        Passed,
        Failed,
        Skipped,
    }

    private sealed record Case(string ClassName, string Name, Outcome Outcome, string? Type, string? Message, string? Body);

    private sealed record Suite(string Id, ControlResult? Control, List<Case> Cases);
}
