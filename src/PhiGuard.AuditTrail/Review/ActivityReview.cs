using PhiGuard.AuditTrail.Detections;
using PhiGuard.AuditTrail.Stores;

namespace PhiGuard.AuditTrail.Review;

/// <summary>
/// The periodic activity review of HIPAA 164.308(a)(1)(ii)(D) over one period: who touched PHI namespaces, Secret
/// reads, exec sessions, RBAC changes, denied requests and fired detections, built from the stored events.
/// </summary>
public sealed record ActivityReview
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public required long Events { get; init; }

    public required IReadOnlyList<string> PhiNamespaces { get; init; }

    /// <summary>Per user: events in PHI namespaces and the verbs used.</summary>
    public required IReadOnlyList<(string User, int Count, string Verbs)> PhiAccess { get; init; }

    public required IReadOnlyList<StoredEvent> SecretReads { get; init; }

    public required IReadOnlyList<StoredEvent> ExecSessions { get; init; }

    public required IReadOnlyList<StoredEvent> RbacChanges { get; init; }

    /// <summary>Per user: requests answered 401 or 403.</summary>
    public required IReadOnlyList<(string User, int Count)> Denied { get; init; }

    public required IReadOnlyList<Alert> Alerts { get; init; }

    /// <summary>The integrity line (verify result) when a key was given; null otherwise.</summary>
    public string? Integrity { get; init; }

    private static readonly string[] RbacResources = ["roles", "rolebindings", "clusterroles", "clusterrolebindings"];
    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    public static async Task<ActivityReview> BuildAsync(
        IAuditStore store, DateTimeOffset from, DateTimeOffset to, DetectionOptions options, IReadOnlyList<DetectionRule> rules,
        string? integrity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var events = await store.QueryAsync(new EventQuery { Since = from, Until = to, Limit = int.MaxValue }, cancellationToken).ConfigureAwait(false);

        // One row per request: later stages repeat earlier ones (RequestReceived carries no response code).
        var requests = events.Where(e => e.Event.Stage != "RequestReceived").ToList();
        var detector = new Detector(rules, options);
        var alerts = requests.SelectMany(e => detector.Inspect(e.Event)).ToList();
        return new ActivityReview
        {
            From = from,
            To = to,
            Events = events.Count,
            PhiNamespaces = [.. options.PhiNamespaces.Order(StringComparer.Ordinal)],
            PhiAccess = requests.Where(e => options.PhiNamespaces.Contains(e.Event.Namespace))
                .GroupBy(e => e.Event.User)
                .Select(g => (g.Key, g.Count(), string.Join(", ", g.Select(e => e.Event.Verb).Distinct().Order(StringComparer.Ordinal))))
                .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList(),
            SecretReads = requests.Where(e => e.Event.Resource == "secrets" && e.Event.Verb is "get" or "list" or "watch").ToList(),
            ExecSessions = requests.Where(e => e.Event.Resource == "pods" && e.Event.Subresource is "exec" or "attach" or "portforward").ToList(),
            RbacChanges = requests.Where(e => RbacResources.Contains(e.Event.Resource) && WriteVerbs.Contains(e.Event.Verb)).ToList(),
            Denied = requests.Where(e => e.Event.Code is 401 or 403).GroupBy(e => e.Event.User)
                .Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList(),
            Alerts = alerts,
            Integrity = integrity,
        };
    }
}
