using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Admission.Images;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Admission;

/// <summary>
/// Decides one AdmissionReview with the scan engine: every control whose shape is workload or resource runs over
/// a one-object inventory, waivers apply as in scans, and the route's mode turns failures at or above its minimum
/// severity into a denial, warnings or audit annotations. On UPDATE a change that adds no violation is allowed.
/// Images of PHI workloads must carry a valid cosign signature when signature keys are configured.
/// </summary>
public sealed class AdmissionEngine
{
    /// <summary>The id under which image-signature failures are reported and waived (admission only: it needs the registry).</summary>
    public const string SignatureControlId = "image-signature-verified";

    /// <summary>Warnings longer than this are shortened: kubectl prints each on one line.</summary>
    public const int MaxWarningLength = 120;

    private const int MaxMessageLength = 2000;

    private readonly PhiGuardConfig config;
    private readonly Scanner scanner;
    private readonly IImageSignatureVerifier? verifier;
    private readonly TimeProvider time;

    public AdmissionEngine(PhiGuardConfig config, IEnumerable<Control> controls, IImageSignatureVerifier? verifier = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(controls);
        this.config = config;
        this.time = time ?? TimeProvider.System;
        scanner = new Scanner(AdmissionControls(controls), this.time);
        this.verifier = config.Admission.SignatureKeys.Count > 0 ? verifier : null;
    }

    public PhiGuardConfig Config => config;

    /// <summary>The controls admission runs: exactly those of workload and resource shape.</summary>
    public IReadOnlyList<Control> Controls => scanner.Controls;

    public static IReadOnlyList<Control> AdmissionControls(IEnumerable<Control> controls) =>
        controls.Where(c => c.Shape is ControlShape.Workload or ControlShape.Resource).ToArray();

    public async Task<AdmissionDecision> DecideAsync(AdmissionRequest request, AdmissionRoute route, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        if (request.Operation is not ("CREATE" or "UPDATE"))
        {
            return new AdmissionDecision { Allowed = true, Outcome = "allow" };
        }

        if (request.Object is not { } json)
        {
            throw new AdmissionRequestException($"request.object is missing for {request.Operation}");
        }

        var cfg = route.Phi && request.Namespace is { Length: > 0 } ns
            ? config with { PhiNamespaces = [.. config.PhiNamespaces, ns] }
            : config;
        var (obj, violations, waived) = await JudgeAsync(json, request, cfg, route, cancellationToken).ConfigureAwait(false);
        if (violations.Count == 0)
        {
            return new AdmissionDecision
            {
                Allowed = true,
                Outcome = "allow",
                AuditAnnotations = Annotations("allow", [], waived),
            };
        }

        var blocks = route.Mode == AdmissionMode.Enforce;
        if (blocks && request.Operation == "UPDATE" && request.OldObject is { } old)
        {
            // A change that adds no violation (a fix, a scale, a label) is never blocked.
            var (_, before, _) = await JudgeAsync(old, request, cfg, route, cancellationToken).ConfigureAwait(false);
            var known = before.Select(Key).ToHashSet();
            blocks = violations.Any(v => !known.Contains(Key(v)));
        }

        var warnings = route.Mode == AdmissionMode.Audit ? [] : violations.Select(Warning).Distinct(StringComparer.Ordinal).ToArray();
        if (blocks)
        {
            return new AdmissionDecision
            {
                Allowed = false,
                Code = 403,
                Message = DenyMessage(obj, violations),
                Warnings = warnings,
                Violations = violations,
                Outcome = "deny",
                AuditAnnotations = Annotations("deny", violations, waived),
            };
        }

        var outcome = route.Mode switch
        {
            AdmissionMode.Audit => "audit",
            _ => "warn",
        };
        return new AdmissionDecision
        {
            Allowed = true,
            Warnings = warnings,
            Violations = violations,
            Outcome = outcome,
            AuditAnnotations = Annotations(route.Mode == AdmissionMode.Enforce ? "allow-existing-violations" : outcome, violations, waived),
        };
    }

    private async Task<(KubeObject Object, List<Finding> Violations, int Waived)> JudgeAsync(
        JsonElement json, AdmissionRequest request, PhiGuardConfig cfg, AdmissionRoute route, CancellationToken ct)
    {
        var obj = ToKubeObject(json, request);
        var inventory = new Inventory([obj]);
        var result = scanner.Scan(inventory, new ScanOptions { Config = cfg, SafeguardRollUp = false });
        var findings = result.Findings.Where(f => f.Object == obj.Ref).ToList();
        if (verifier is not null && result.PhiNamespaces.Contains(obj.Namespace ?? string.Empty, StringComparer.Ordinal))
        {
            findings.AddRange(await SignatureFindingsAsync(obj, cfg, ct).ConfigureAwait(false));
        }

        var violations = findings.Where(f => f.Status == Status.Fail && f.Severity >= route.MinSeverity).ToList();
        return (obj, violations, findings.Count(f => f.Status == Status.Waived));
    }

    private async Task<List<Finding>> SignatureFindingsAsync(KubeObject obj, PhiGuardConfig cfg, CancellationToken ct)
    {
        var findings = new List<Finding>();
        if (WorkloadView.TryGetWorkload(obj) is not { } workload)
        {
            return findings;
        }

        foreach (var c in workload.Containers)
        {
            var image = c.Json.GetString("image");
            var path = $"{c.Path}.image";
            string? failure;
            if (ImageReference.TryParse(image) is not { } reference)
            {
                failure = $"container \"{c.Name}\" image \"{image}\" is not a valid image reference";
            }
            else
            {
                var check = await verifier!.VerifyAsync(reference, ct).ConfigureAwait(false);
                failure = check.State == SignatureState.Verified ? null : $"container \"{c.Name}\": {check.Reason}";
            }

            if (failure is null)
            {
                continue;
            }

            var waiver = cfg.Waivers.FirstOrDefault(w => w.Control == SignatureControlId && !w.IsExpired(time.GetUtcNow()) &&
                                                        w.Selector.Matches(obj.Ref, obj.Labels));
            findings.Add(new Finding
            {
                Control = SignatureControlId,
                Severity = Severity.High,
                Status = waiver is null ? Status.Fail : Status.Waived,
                Waiver = waiver,
                Object = obj.Ref,
                Path = path,
                Message = failure,
            });
        }

        return findings;
    }

    /// <summary>
    /// The object as the controls see it: metadata.namespace is often left out of the object on CREATE (it is in
    /// the request), and pods from a generateName have no name yet.
    /// </summary>
    private static KubeObject ToKubeObject(JsonElement json, AdmissionRequest request)
    {
        var meta = json.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : (JsonElement?)null;
        var hasNs = meta?.TryGetProperty("namespace", out var n) == true && n.ValueKind == JsonValueKind.String && n.GetString()!.Length > 0;
        var hasName = meta is { } mm && (Has(mm, "name") || Has(mm, "generateName"));
        var needsNs = !hasNs && !string.IsNullOrEmpty(request.Namespace);
        if (needsNs || !hasName)
        {
            var node = JsonNode.Parse(json.GetRawText())!.AsObject();
            if (node["metadata"] is not JsonObject metadata)
            {
                metadata = new JsonObject();
                node["metadata"] = metadata;
            }

            if (needsNs)
            {
                metadata["namespace"] = request.Namespace;
            }

            if (!hasName)
            {
                metadata["name"] = string.IsNullOrEmpty(request.Name) ? "(unnamed)" : request.Name;
            }

            json = JsonSerializer.SerializeToElement(node);
        }

        return KubeObject.TryCreate(json, null, out var error) ??
               throw new AdmissionRequestException($"request.object is not a Kubernetes object: {error}");
    }

    private static bool Has(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0;

    private static (string Control, string Path) Key(Finding f) => (f.Control, f.Path);

    /// <summary><c>path: message (control)</c>, shortened in the message so the control and path stay readable.</summary>
    internal static string Warning(Finding f)
    {
        var suffix = $" ({f.Control})";
        var head = f.Path.Length == 0 ? string.Empty : f.Path + ": ";
        var room = MaxWarningLength - suffix.Length - head.Length;
        var message = f.Message;
        if (room < 20)
        {
            // A very long path: keep its tail, which names the field.
            var keep = Math.Max(10, MaxWarningLength - suffix.Length - 20 - 3);
            head = "…" + f.Path[^Math.Min(keep, f.Path.Length)..] + ": ";
            room = MaxWarningLength - suffix.Length - head.Length;
        }

        if (message.Length > room)
        {
            message = message[..Math.Max(0, room - 1)] + "…";
        }

        return head + message + suffix;
    }

    private static string DenyMessage(KubeObject obj, List<Finding> violations)
    {
        var sb = new StringBuilder();
        var controls = violations.Select(v => v.Control).Distinct(StringComparer.Ordinal).Count();
        sb.Append(CultureInfo.InvariantCulture, $"phiguard denied {obj.Ref}: {controls} control{(controls == 1 ? string.Empty : "s")} failed");
        foreach (var v in violations)
        {
            var line = $"; {v.Control} ({v.Severity.ToWire()}) at {(v.Path.Length == 0 ? "(object)" : v.Path)}: {v.Message}";
            if (sb.Length + line.Length > MaxMessageLength)
            {
                sb.Append("; …");
                break;
            }

            sb.Append(line);
        }

        return sb.ToString();
    }

    private static Dictionary<string, string> Annotations(string decision, List<Finding> violations, int waived)
    {
        var a = new Dictionary<string, string>(StringComparer.Ordinal) { ["decision"] = decision };
        if (violations.Count > 0)
        {
            a["controls"] = string.Join(",", violations.Select(v => v.Control).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            a["violations"] = violations.Count.ToString(CultureInfo.InvariantCulture);
        }

        if (waived > 0)
        {
            a["waived"] = waived.ToString(CultureInfo.InvariantCulture);
        }

        return a;
    }
}
