using System.Text.Json;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Reports.Internal;

namespace PhiGuard.Reports;

/// <summary>
/// The versioned machine-readable result (<c>phiguard.io/scan/v1</c>, documented in docs/json-schema/scan-v1.json):
/// stable key order, sorted arrays, every key always present (null when absent), no timestamp unless asked.
/// </summary>
internal sealed class JsonRenderer : IReportRenderer
{
    public string Format => "json";

    public string FileExtension => ".json";

    public void Render(ScanResult result, RenderOptions options, TextWriter output)
    {
        var view = new ReportView(result, options);
        JsonOutput.Write(output, w => Write(w, view));
    }

    private static void Write(Utf8JsonWriter w, ReportView view)
    {
        var r = view.Result;
        w.WriteStartObject();
        w.WriteString("schemaVersion", ScanResult.SchemaVersion);
        w.WriteStartObject("tool");
        w.WriteString("name", "PhiGuard");
        w.WriteString("version", r.ToolVersion);
        w.WriteEndObject();
        if (view.Options.IncludeTimestamp)
        {
            w.WriteString("scannedAt", Text.Timestamp(r.ScannedAt));
        }

        w.WriteStartObject("profile");
        w.WriteString("id", r.Profile.Id);
        w.WriteString("title", r.Profile.Title);
        w.WriteEndObject();
        w.WriteString("origin", r.Origin == InventoryOrigin.Cluster ? "cluster" : "manifests");
        w.StringArray("inputs", r.Inputs);
        w.StringArray("phiNamespaces", r.PhiNamespaces.Order(StringComparer.Ordinal));
        WriteSummary(w, r.Summary);

        w.WriteStartArray("safeguards");
        foreach (var s in r.Safeguards)
        {
            w.WriteStartObject();
            w.WriteString("citation", s.Safeguard.Citation);
            w.WriteString("title", s.Safeguard.Title);
            w.WriteString("section", s.Safeguard.Section);
            w.WriteString("type", Text.Type(s.Safeguard.Type));
            w.WriteString("status", s.Status.ToWire());
            w.StringArray("controls", s.Controls.Order(StringComparer.Ordinal));
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("controls");
        foreach (var c in view.Controls)
        {
            WriteControl(w, c);
        }

        w.WriteEndArray();

        w.WriteStartArray("findings");
        foreach (var f in view.Findings)
        {
            if (f.Status == Status.Pass && !view.Options.IncludePassed)
            {
                continue;
            }

            WriteFinding(w, f, view.LocationOf(f));
        }

        w.WriteEndArray();

        w.WriteStartArray("waivers");
        foreach (var wr in r.Waivers)
        {
            w.WriteStartObject();
            WriteWaiverBody(w, wr.Waiver);
            w.WriteString("state", Text.State(wr.State));
            w.WriteNumber("matched", wr.Matched);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("loadErrors");
        foreach (var e in view.LoadErrors)
        {
            w.WriteStartObject();
            w.WriteString("source", e.Source);
            w.WriteNumber("line", e.Line);
            w.WriteNumber("column", e.Column);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("gaps");
        foreach (var g in view.Gaps)
        {
            w.WriteStartObject();
            w.WriteString("group", g.Group);
            w.WriteString("resource", g.Resource);
            w.WriteString("kind", g.Kind);
            w.WriteString("reason", g.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter w, ScanSummary s)
    {
        w.WriteStartObject("summary");
        w.WriteNumber("objects", s.Objects);
        w.WriteNumber("workloads", s.Workloads);
        w.WriteNumber("phiNamespaces", s.PhiNamespaces);
        if (s.Score is { } score)
        {
            w.WriteNumber("score", score);
        }
        else
        {
            w.WriteNull("score");
        }

        WriteCounts(w, "controls", s.Controls);
        WriteCounts(w, "findings", s.Findings);
        w.WriteEndObject();
    }

    /// <summary>Every status key, zero included, so consumers never test for presence.</summary>
    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, int> counts)
    {
        w.WriteStartObject(name);
        foreach (var status in Enum.GetValues<Status>())
        {
            var key = status.ToWire();
            w.WriteNumber(key, counts.TryGetValue(key, out var n) ? n : 0);
        }

        w.WriteEndObject();
    }

    private static void WriteControl(Utf8JsonWriter w, ControlResult c)
    {
        var control = c.Control;
        w.WriteStartObject();
        w.WriteString("id", control.Id);
        w.WriteString("title", control.Title);
        w.WriteString("severity", control.Severity.ToWire());
        w.WriteString("shape", control.Shape.ToString().ToLowerInvariant());
        w.WriteString("evidence", control.Evidence.ToString().ToLowerInvariant());
        w.WriteString("status", c.Status.ToWire());
        w.StringOrNull("reason", c.Reason);
        w.StringArray("citations", control.Citations);
        w.StringArray("nprmCitations", control.NprmCitations);
        w.StringArray("keyActivities", control.KeyActivities);
        w.WriteStartObject("counts");
        w.WriteNumber("pass", c.Passed);
        w.WriteNumber("fail", c.Failed);
        w.WriteNumber("waived", c.Waived);
        w.WriteNumber("notAssessable", c.NotAssessable);
        w.WriteEndObject();
        w.WriteString("rationale", control.Rationale);
        w.WriteString("remediation", control.Remediation);
        if (c.Attestation is { } a)
        {
            w.WriteStartObject("attestation");
            w.WriteString("item", a.Item);
            w.WriteString("by", a.By);
            w.WriteString("date", Text.Date(a.Date));
            w.StringOrNull("expires", a.Expires is { } e ? Text.Date(e) : null);
            w.StringOrNull("link", a.Link);
            w.StringOrNull("file", a.File);
            w.StringOrNull("sha256", a.Sha256);
            w.StringOrNull("evidenceProblem", a.EvidenceProblem);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("attestation");
        }

        w.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter w, Finding f, SourceLocation? location)
    {
        w.WriteStartObject();
        w.WriteString("control", f.Control);
        w.WriteString("severity", f.Severity.ToWire());
        w.WriteString("status", f.Status.ToWire());
        if (f.Object is { } o)
        {
            w.WriteStartObject("object");
            w.WriteString("apiVersion", o.ApiVersion);
            w.WriteString("kind", o.Kind);
            w.StringOrNull("namespace", o.Namespace);
            w.WriteString("name", o.Name);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("object");
        }

        w.WriteString("path", f.Path);
        w.WriteString("message", f.Message);
        WriteLocation(w, "location", location);
        if (f.Waiver is { } waiver)
        {
            w.WriteStartObject("waiver");
            WriteWaiverBody(w, waiver);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("waiver");
        }

        w.WriteEndObject();
    }

    private static void WriteWaiverBody(Utf8JsonWriter w, Waiver waiver)
    {
        w.WriteString("control", waiver.Control);
        w.WriteStartObject("selector");
        w.StringOrNull("kind", waiver.Selector.Kind);
        w.StringOrNull("namespace", waiver.Selector.Namespace);
        w.StringOrNull("name", waiver.Selector.Name);
        w.WriteStartObject("labels");
        foreach (var (k, v) in waiver.Selector.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("justification", waiver.Justification);
        w.WriteString("approvedBy", waiver.ApprovedBy);
        w.WriteString("expires", Text.Date(waiver.Expires));
        WriteLocation(w, "source", waiver.Source);
    }

    private static void WriteLocation(Utf8JsonWriter w, string name, SourceLocation? location)
    {
        if (location is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("file", location.File);
        w.WriteNumber("line", location.Line);
        w.WriteNumber("column", location.Column);
        w.WriteEndObject();
    }
}
