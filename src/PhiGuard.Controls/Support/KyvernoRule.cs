using System.Text.Json;
using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// One rule of a Kyverno <c>ClusterPolicy</c> or namespaced <c>Policy</c> (kyverno.io/v1), with the questions
/// PhiGuard asks of it: which namespaces and pod kinds its <c>match</c>/<c>exclude</c> blocks cover, and whether a
/// violation is refused (<c>Enforce</c>) or only reported (<c>Audit</c>, the default).
/// </summary>
internal sealed record KyvernoRule(KubeObject Policy, int Index, JsonElement Json)
{
    private static readonly string[] PodKinds =
        ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"];

    public string Name => Json.GetString("name") ?? $"#{Index}";

    public string Path => $"spec.rules[{Index}]";

    /// <summary>"Kyverno ClusterPolicy require-run-as-nonroot rule check-containers", for messages.</summary>
    public string Describe => $"Kyverno {Policy.Kind} {(Policy.Namespace is null ? string.Empty : Policy.Namespace + "/")}{Policy.Name} rule {Name}";

    /// <summary>Every rule of every Kyverno policy in the inventory, in load order.</summary>
    public static IEnumerable<KyvernoRule> All(Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        foreach (var kind in new[] { "ClusterPolicy", "Policy" })
        {
            foreach (var p in inventory.OfKind("kyverno.io", kind))
            {
                var i = 0;
                foreach (var r in p.Json.GetPath("spec")?.GetArray("rules") ?? [])
                {
                    yield return new KyvernoRule(p, i++, r);
                }
            }
        }
    }

    /// <summary>
    /// The failure action for objects in <paramref name="ns"/>: <paramref name="ownAction"/> (a rule's or
    /// verifyImages entry's <c>failureAction</c>) first, then a matching <c>validationFailureActionOverrides</c>
    /// entry, then <c>spec.validationFailureAction</c>, then Kyverno's default <c>Audit</c>.
    /// </summary>
    public string ActionFor(string ns, string? ownAction)
    {
        if (ownAction is not null)
        {
            return ownAction;
        }

        var spec = Policy.Json.GetObject("spec");
        foreach (var o in spec?.GetArray("validationFailureActionOverrides") ?? [])
        {
            if (o.GetArray("namespaces").Any(n => n.ValueKind == JsonValueKind.String && WaiverSelector.Glob(n.GetString()!, ns)) &&
                o.GetString("action") is { } action)
            {
                return action;
            }
        }

        return spec?.GetString("validationFailureAction") ?? "Audit";
    }

    public static bool IsEnforce(string action) => action.Equals("Enforce", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the rule applies to objects of <paramref name="kind"/> (a pod-bearing kind) in namespace
    /// <paramref name="ns"/>; otherwise false with the reason in <paramref name="why"/>.
    /// </summary>
    public bool Covers(string ns, IReadOnlyDictionary<string, string> nsLabels, string kind, out string why)
    {
        ArgumentNullException.ThrowIfNull(nsLabels);
        if (Policy.Kind == "Policy" && Policy.Namespace != ns)
        {
            why = $"{Describe} is a namespaced Policy of {Policy.Namespace}";
            return false;
        }

        var match = Json.GetObject("match");
        var any = match?.GetArray("any").Select(f => f.GetObject("resources")).ToList() ?? [];
        var all = match?.GetArray("all").Select(f => f.GetObject("resources")).ToList() ?? [];
        var legacy = match?.GetObject("resources");
        bool matched;
        if (legacy is not null)
        {
            matched = Applies(legacy, ns, nsLabels, kind);
        }
        else if (any.Count > 0)
        {
            matched = any.Any(r => Applies(r, ns, nsLabels, kind));
        }
        else
        {
            matched = all.Count > 0 && all.All(r => Applies(r, ns, nsLabels, kind));
        }

        if (!matched)
        {
            why = $"{Describe} does not match {kind}s in namespace {ns}";
            return false;
        }

        var exclude = Json.GetObject("exclude");
        var excludes = (exclude?.GetArray("any") ?? []).Concat(exclude?.GetArray("all") ?? [])
            .Select(f => f.GetObject("resources"))
            .Append(exclude?.GetObject("resources"));
        if (excludes.Any(r => r is { } e && ExcludesNamespace(e, ns, nsLabels)))
        {
            why = $"{Describe} excludes namespace {ns}";
            return false;
        }

        why = string.Empty;
        return true;
    }

    private static bool Applies(JsonElement? resources, string ns, IReadOnlyDictionary<string, string> nsLabels, string kind)
    {
        if (resources is not { ValueKind: JsonValueKind.Object } r)
        {
            return false;
        }

        // Kinds may be written "Pod", "v1/Pod" or "apps/v1/Deployment"; a rule on Pods is auto-generated for the
        // pod controllers, so it covers every pod-bearing kind.
        var kinds = r.GetArray("kinds").Where(k => k.ValueKind == JsonValueKind.String)
            .Select(k => k.GetString()!.Split('/')[^1])
            .ToList();
        var kindOk = kinds.Contains("*") || kinds.Contains("Pod") ||
                     (kinds.Contains(kind) && PodKinds.Contains(kind, StringComparer.Ordinal));
        if (!kindOk)
        {
            return false;
        }

        // A filter narrowed to some objects by name or label covers only those, so it does not cover the namespace.
        if (r.GetArray("names").Any() || r.Has("name") || r.Has("selector"))
        {
            return false;
        }

        var namespaces = r.GetArray("namespaces").Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToList();
        if (namespaces.Count > 0 && !namespaces.Any(n => WaiverSelector.Glob(n, ns)))
        {
            return false;
        }

        return r.GetObject("namespaceSelector") is not { } sel || LabelSelector.Parse(sel).Matches(nsLabels);
    }

    private static bool ExcludesNamespace(JsonElement resources, string ns, IReadOnlyDictionary<string, string> nsLabels)
    {
        var namespaces = resources.GetArray("namespaces").Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToList();
        if (namespaces.Any(n => WaiverSelector.Glob(n, ns)))
        {
            return true;
        }

        return resources.GetObject("namespaceSelector") is { } sel && LabelSelector.Parse(sel).Matches(nsLabels);
    }
}
