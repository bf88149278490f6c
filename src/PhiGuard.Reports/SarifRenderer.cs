using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;
using PhiGuard.Reports.Internal;

namespace PhiGuard.Reports;

/// <summary>
/// SARIF 2.1.0 for code-scanning tools: one run, a rule per control that ran, a result per failing or waived
/// finding (waived ones carry an accepted external suppression), file and line when the object came from a file,
/// and a fingerprint of control, object and field path that survives edits elsewhere in the file.
/// </summary>
internal sealed class SarifRenderer : IReportRenderer
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";
    public const string FingerprintKey = "phiguard/v1";

    public string Format => "sarif";

    public string FileExtension => ".sarif";

    public void Render(ScanResult result, RenderOptions options, TextWriter output)
    {
        var view = new ReportView(result, options);
        JsonOutput.Write(output, w => Write(w, view));
    }

    /// <summary>Stable across line moves: control id, object identity and field path only.</summary>
    public static string Fingerprint(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var o = finding.Object;
        var key = string.Join('\n', finding.Control, o?.ApiVersion ?? string.Empty, o?.Kind ?? string.Empty,
            o?.Namespace ?? string.Empty, o?.Name ?? string.Empty, finding.Path);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "3.0",
    };

    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>
    /// A relative URI (forward slashes) for files under <paramref name="baseDirectory"/> or given relative, an
    /// absolute file URI otherwise; null for stdin, which has no artifact to point at.
    /// </summary>
    public static string? ArtifactUri(string file, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length == 0 || file == "-")
        {
            return null;
        }

        if (!Path.IsPathRooted(file))
        {
            return EscapePath(file.Replace('\\', '/'));
        }

        if (baseDirectory is not null)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(baseDirectory), Path.GetFullPath(file));
            if (!Path.IsPathRooted(relative) && relative != ".." &&
                !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                !relative.StartsWith("../", StringComparison.Ordinal))
            {
                return EscapePath(relative.Replace('\\', '/'));
            }
        }

        return new Uri(Path.GetFullPath(file)).AbsoluteUri;
    }

    private static string EscapePath(string path) =>
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static void Write(Utf8JsonWriter w, ReportView view)
    {
        var r = view.Result;
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < view.Controls.Count; i++)
        {
            ruleIndex[view.Controls[i].Control.Id] = i;
        }

        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();

        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "PhiGuard");
        w.WriteString("version", r.ToolVersion);
        w.WriteString("semanticVersion", r.ToolVersion);
        w.WriteStartArray("rules");
        foreach (var c in view.Controls)
        {
            WriteRule(w, c.Control);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        WriteInvocation(w, view);

        w.WriteStartArray("results");
        foreach (var f in view.Findings)
        {
            if (f.Status is Status.Fail or Status.Waived)
            {
                WriteResult(w, view, f, ruleIndex.TryGetValue(f.Control, out var index) ? index : null);
            }
        }

        // A manual item whose attestation failed (expired, future-dated, evidence missing) has no finding of its
        // own, but it is a failure and must not vanish from code scanning.
        foreach (var c in view.Manual.Where(c => c.Status == Status.Fail))
        {
            WriteManualResult(w, c, ruleIndex[c.Control.Id]);
        }

        w.WriteEndArray();

        w.WriteStartObject("properties");
        w.WriteString("profile", r.Profile.Id);
        if (r.Summary.Score is { } score)
        {
            w.WriteNumber("score", score);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, Control control)
    {
        w.WriteStartObject();
        w.WriteString("id", control.Id);
        w.WriteString("name", PascalCase(control.Id));
        w.WriteStartObject("shortDescription");
        w.WriteString("text", control.Title);
        w.WriteEndObject();
        w.WriteStartObject("fullDescription");
        w.WriteString("text", control.Rationale);
        w.WriteEndObject();
        w.WriteStartObject("help");
        w.WriteString("text", control.Remediation);
        w.WriteString("markdown", HelpMarkdown(control));
        w.WriteEndObject();
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", Level(control.Severity));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("security-severity", SecuritySeverity(control.Severity));
        w.WriteString("precision", control.Shape == ControlShape.Manual ? "medium" : "high");
        w.WriteString("problem.severity", control.Severity == Severity.Low ? "recommendation" : Level(control.Severity));
        var tags = new List<string> { "security", "compliance", "hipaa", control.Shape.ToString().ToLowerInvariant() };
        tags.AddRange(control.Citations.Select(c => "HIPAA-" + c));
        w.StringArray("tags", tags.Distinct(StringComparer.Ordinal));
        w.StringArray("hipaaCitations", control.Citations);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string HelpMarkdown(Control control)
    {
        var sb = new StringBuilder();
        sb.Append("**").Append(MarkdownRenderer.Inline(control.Title)).Append("**\n\n");
        sb.Append(MarkdownRenderer.Inline(control.Rationale)).Append("\n\n");
        sb.Append("**Remediation:** ").Append(MarkdownRenderer.Inline(control.Remediation)).Append("\n\n");
        sb.Append("**HIPAA:** ").Append(MarkdownRenderer.Inline(string.Join(", ", control.Citations)));
        return sb.ToString();
    }

    private static void WriteInvocation(Utf8JsonWriter w, ReportView view)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        // Inputs that could not be loaded were not scanned: the run did not fully succeed.
        w.WriteBoolean("executionSuccessful", view.LoadErrors.Count == 0);
        if (view.LoadErrors.Count > 0 || view.Gaps.Count > 0)
        {
            w.WriteStartArray("toolExecutionNotifications");
            foreach (var e in view.LoadErrors)
            {
                w.WriteStartObject();
                w.WriteString("level", "error");
                w.WriteStartObject("message");
                w.WriteString("text", e.Message);
                w.WriteEndObject();
                if (ArtifactUri(e.Source, view.Options.BaseDirectory) is { } uri)
                {
                    w.WriteStartArray("locations");
                    w.WriteStartObject();
                    WritePhysical(w, uri, new SourceLocation(e.Source, e.Line, e.Column));
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            foreach (var g in view.Gaps)
            {
                w.WriteStartObject();
                w.WriteString("level", "warning");
                w.WriteStartObject("message");
                w.WriteString("text", $"not assessed: could not read {g}");
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter w, ReportView view, Finding f, int? ruleIndex)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.Control);
        if (ruleIndex is { } index)
        {
            w.WriteNumber("ruleIndex", index);
        }

        w.WriteString("level", Level(f.Severity));
        w.WriteStartObject("message");
        w.WriteString("text", f.Path.Length == 0 ? f.Message : $"{f.Message} ({f.Path})");
        w.WriteEndObject();

        var location = view.LocationOf(f);
        var uri = location is null ? null : ArtifactUri(location.File, view.Options.BaseDirectory);
        if (uri is not null || f.Object is not null)
        {
            w.WriteStartArray("locations");
            w.WriteStartObject();
            if (uri is not null)
            {
                WritePhysical(w, uri, location!);
            }

            if (f.Object is { } o)
            {
                w.WriteStartArray("logicalLocations");
                w.WriteStartObject();
                w.WriteString("name", o.Name);
                w.WriteString("fullyQualifiedName", o.ToString());
                w.WriteString("kind", "resource");
                w.WriteStartObject("properties");
                w.WriteString("apiVersion", o.ApiVersion);
                w.WriteString("kind", o.Kind);
                w.StringOrNull("namespace", o.Namespace);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintKey, Fingerprint(f));
        w.WriteEndObject();

        if (f.Status == Status.Waived && f.Waiver is { } waiver)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            w.WriteString("status", "accepted");
            w.WriteString("justification", waiver.Justification);
            w.WriteStartObject("properties");
            w.WriteString("approvedBy", waiver.ApprovedBy);
            w.WriteString("expires", Text.Date(waiver.Expires));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("properties");
        w.WriteString("status", f.Status.ToWire());
        w.WriteString("severity", f.Severity.ToWire());
        w.WriteString("path", f.Path);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteManualResult(Utf8JsonWriter w, ControlResult c, int ruleIndex)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", c.Control.Id);
        w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("level", Level(c.Control.Severity));
        w.WriteStartObject("message");
        w.WriteString("text", c.Reason ?? "attestation does not hold");
        w.WriteEndObject();
        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintKey, Fingerprint(new Finding
        {
            Control = c.Control.Id,
            Severity = c.Control.Severity,
            Status = c.Status,
            Message = string.Empty,
            Path = "attestation",
        }));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("status", c.Status.ToWire());
        w.WriteString("severity", c.Control.Severity.ToWire());
        w.WriteString("path", "attestation");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WritePhysical(Utf8JsonWriter w, string uri, SourceLocation location)
    {
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", uri);
        w.WriteEndObject();
        if (location.Line > 0)
        {
            w.WriteStartObject("region");
            w.WriteNumber("startLine", location.Line);
            if (location.Column > 0)
            {
                w.WriteNumber("startColumn", location.Column);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static string PascalCase(string id) =>
        string.Concat(id.Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
