using System.Text.Json.Nodes;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Remediation;

/// <summary>
/// Turns a scan's failures into one patch per object: asks each failing control that is <see cref="IRemediable"/>
/// for its changes, merges them, and lists every failure no patch fixes as manual. Waived findings are left alone.
/// Deterministic: objects, changes and manual items are sorted.
/// </summary>
public static class RemediationPlanner
{
    // Kinds the API server strategic-merges (built-in types with patch tags); custom resources take JSON patches.
    private static readonly HashSet<(string Group, string Kind)> StrategicKinds =
    [
        ("", "Pod"), ("", "PodTemplate"), ("", "ReplicationController"), ("", "Namespace"), ("", "ServiceAccount"),
        ("", "Service"), ("", "ConfigMap"), ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet"),
        ("apps", "ReplicaSet"), ("batch", "Job"), ("batch", "CronJob"),
    ];

    public static RemediationPlan Plan(ScanResult result, ControlContext context, IEnumerable<Control> controls)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(controls);
        var byId = controls.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var failing = result.Findings.Where(f => f.Status == Status.Fail).ToList();
        var clusterManual = failing.Where(f => f.Object is null)
            .Select(f => new ManualItem(f.Control, f.Path, f.Message, "not about one object: see the control's remediation"))
            .OrderBy(m => m.Control, StringComparer.Ordinal).ThenBy(m => m.Path, StringComparer.Ordinal).ThenBy(m => m.Message, StringComparer.Ordinal)
            .ToList();

        var objects = new List<ObjectRemediation>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in failing.Where(f => f.Object is not null).GroupBy(f => f.Object!).OrderBy(g => g.Key))
        {
            objects.Add(PlanObject(group.Key, group.ToList(), context, byId, names));
        }

        return new RemediationPlan(objects, clusterManual);
    }

    private static ObjectRemediation PlanObject(
        ObjectRef reference, List<Finding> findings, ControlContext context, Dictionary<string, Control> controls, HashSet<string> names)
    {
        var obj = context.Inventory.Find(reference.Kind, reference.Namespace, reference.Name);
        var changes = new List<PlannedChange>();
        var manual = new List<ManualItem>();
        var notes = new List<string>();
        var fixedControls = new List<string>();
        var partial = new List<string>();
        string? blocked = obj is null ? "the object is not in the scanned input"
            : OwnerOf(obj) is { } owner ? $"this Pod is managed by {owner}: fix that object's pod template instead (the Pod is replaced from it)"
            : null;

        foreach (var byControl in findings.GroupBy(f => f.Control, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = byControl.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            if (blocked is not null || !controls.TryGetValue(byControl.Key, out var control) || control is not IRemediable remediable)
            {
                var reason = blocked ?? "no mechanical fix: follow the control's remediation";
                manual.AddRange(list.Select(f => new ManualItem(f.Control, f.Path, f.Message, reason)));
                continue;
            }

            Remediation suggestion;
            try
            {
                suggestion = remediable.Suggest(new RemediationRequest(obj!, WorkloadView.TryGetWorkload(obj!), list, context));
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
            {
                manual.AddRange(list.Select(f => new ManualItem(f.Control, f.Path, f.Message, $"remediation could not be computed: {ex.Message}")));
                continue;
            }

            var (accepted, refused) = Accept(byControl.Key, suggestion, changes);
            var stepsBefore = manual.Count;
            foreach (var step in suggestion.Manual.Concat(refused))
            {
                var finding = list.FirstOrDefault(f => f.Path == step.Path);
                manual.Add(new ManualItem(byControl.Key, step.Path, finding?.Message ?? step.Reason, step.Reason));
            }

            if (accepted.Count == 0 && manual.Count == stepsBefore)
            {
                manual.AddRange(list.Select(f => new ManualItem(f.Control, f.Path, f.Message, "the control suggested no change")));
                continue;
            }

            changes.AddRange(accepted);
            notes.AddRange(suggestion.Notes);
            if (accepted.Count > 0)
            {
                (manual.Count == stepsBefore ? fixedControls : partial).Add(byControl.Key);
            }
        }

        changes.Sort((a, b) => a.Change.Path.CompareTo(b.Change.Path));
        manual.Sort((a, b) => (a.Control, a.Path, a.Message).CompareTo((b.Control, b.Path, b.Message)));
        var format = changes.Count == 0 ? PatchFormat.None
            : StrategicKinds.Contains((obj!.Group, obj.Kind)) ? PatchFormat.StrategicMerge : PatchFormat.JsonPatch;
        JsonNode? patch = format switch
        {
            PatchFormat.StrategicMerge => StrategicMergePatch.Build(JsonNode.Parse(obj!.Json.GetRawText())!, changes.Select(c => c.Change)),
            PatchFormat.JsonPatch => JsonPatch.Build(JsonNode.Parse(obj!.Json.GetRawText())!, changes.Select(c => c.Change)),
            _ => null,
        };
        if (obj is { Kind: "Pod", Group: "" } && patch is not null)
        {
            notes.Add("Most Pod spec fields cannot be changed on a running Pod: apply this patch to the manifest (kubectl patch --local -f FILE -o yaml) and recreate the Pod.");
        }

        return new ObjectRemediation
        {
            Object = reference,
            Location = obj?.Source,
            Format = format,
            FileName = patch is null ? null : UniqueName(reference, format, names),
            Patch = patch,
            Changes = changes,
            ControlsFixed = fixedControls,
            ControlsPartlyFixed = partial,
            Manual = manual,
            Notes = notes.Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// Takes a control's changes unless they cannot be applied to the object: ephemeral containers cannot be changed
    /// once added, and a field another control already sets to a different value is a conflict for a person.
    /// </summary>
    private static (List<PlannedChange> Accepted, List<ManualStep> Refused) Accept(string control, Remediation suggestion, List<PlannedChange> already)
    {
        var accepted = new List<PlannedChange>();
        var refused = new List<ManualStep>();
        foreach (var change in suggestion.Changes)
        {
            if (change.Path.Segments.Any(s => s.Name == "ephemeralContainers"))
            {
                refused.Add(new ManualStep(change.Path.ToString(),
                    "ephemeral (debug) containers cannot be changed once added: delete the Pod when debugging ends"));
                continue;
            }

            if (already.FirstOrDefault(c => c.Change.Path == change.Path) is { } other)
            {
                if (other.Change.ValueText != change.ValueText)
                {
                    refused.Add(new ManualStep(change.Path.ToString(),
                        $"conflict: {other.Control} sets {change.Path} to {other.Change.ValueText}, this control to {change.ValueText}"));
                }

                continue;
            }

            accepted.Add(new PlannedChange(control, change));
        }

        return (accepted, refused);
    }

    private static string? OwnerOf(KubeObject obj)
    {
        if (obj is not { Kind: "Pod", Group: "" } || obj.Json.GetObject("metadata") is not { } meta)
        {
            return null;
        }

        return meta.GetArray("ownerReferences")
            .Where(o => o.GetBool("controller") == true)
            .Select(o => $"{o.GetString("kind")}/{o.GetString("name")}")
            .FirstOrDefault();
    }

    private static string UniqueName(ObjectRef r, PatchFormat format, HashSet<string> names)
    {
        var stem = string.Join('.', new[] { r.Kind.ToLowerInvariant(), r.Namespace, r.Name }.Where(p => p is not null).Select(p => Safe(p!)));
        var ext = format == PatchFormat.JsonPatch ? "patch.json" : "patch.yaml";
        var name = $"{stem}.{ext}";
        for (var i = 2; !names.Add(name); i++)
        {
            name = $"{stem}-{i}.{ext}";
        }

        return name;
    }

    private static string Safe(string part) =>
        new(part.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray());
}
