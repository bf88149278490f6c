using System.Text.Json;
using PhiGuard.AuditTrail.Events;

namespace PhiGuard.AuditTrail.Detections;

/// <summary>
/// Runs detection rules over events in log order; a rule fires at most once per request (auditID), and a rule with
/// a threshold fires once per burst of one user's matching events within its window.
/// </summary>
public sealed class Detector
{
    private const int RememberedRequests = 100_000;

    private readonly IReadOnlyList<DetectionRule> _rules;
    private readonly DetectionOptions _options;
    private readonly HashSet<(string, string)> _fired = [];
    private readonly Queue<(string, string)> _firedOrder = new();
    private readonly Dictionary<(string Rule, string User), Queue<DateTimeOffset>> _windows = [];

    public Detector(IReadOnlyList<DetectionRule> rules, DetectionOptions options)
    {
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public IReadOnlyList<Alert> Inspect(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);

        // RequestReceived repeats what the later stages of the same request say, without the response code.
        if (e.Stage == "RequestReceived")
        {
            return [];
        }

        List<Alert>? alerts = null;
        JsonDocument? doc = null;
        try
        {
            foreach (var rule in _rules)
            {
                if (!Matches(rule.Match, e, ref doc) || _fired.Contains((rule.Id, e.AuditId)))
                {
                    continue;
                }

                var detail = $"{e.User} {e.Verb} {Describe(e)}";
                if (rule.Threshold is { } t)
                {
                    var key = (rule.Id, e.User);
                    if (!_windows.TryGetValue(key, out var window))
                    {
                        _windows[key] = window = new Queue<DateTimeOffset>();
                    }

                    window.Enqueue(e.Timestamp);
                    while (window.Count > 0 && window.Peek() < e.Timestamp.AddSeconds(-t.WindowSeconds))
                    {
                        window.Dequeue();
                    }

                    if (window.Count < t.Count)
                    {
                        continue;
                    }

                    detail = $"{e.User}: {window.Count} matching requests within {t.WindowSeconds}s (last: {e.Verb} {Describe(e)})";
                    window.Clear();
                }

                Remember(rule.Id, e.AuditId);
                (alerts ??= []).Add(new Alert(rule.Id, rule.Title, rule.Severity, e.AuditId, e.Timestamp, e.User, e.Verb,
                    e.Subresource.Length > 0 ? $"{e.Resource}/{e.Subresource}" : e.Resource, e.Namespace, e.Name, detail));
            }
        }
        finally
        {
            doc?.Dispose();
        }

        return alerts ?? (IReadOnlyList<Alert>)[];
    }

    private void Remember(string rule, string auditId)
    {
        if (_fired.Add((rule, auditId)))
        {
            _firedOrder.Enqueue((rule, auditId));
            if (_firedOrder.Count > RememberedRequests)
            {
                _fired.Remove(_firedOrder.Dequeue());
            }
        }
    }

    private bool Matches(RuleMatch m, AuditEvent e, ref JsonDocument? doc)
    {
        if (!In(m.Verbs, e.Verb) || !In(m.Resources, e.Resource) || !In(m.Subresources, e.Subresource)
            || !In(m.Namespaces, e.Namespace) || !In(m.Users, e.User))
        {
            return false;
        }

        if (m.Codes is { } codes && !codes.Contains(e.Code))
        {
            return false;
        }

        if (m.Names is { } names && !names.Any(n => Glob(n, e.Name)))
        {
            return false;
        }

        if (m.PhiNamespace is { } phi && _options.PhiNamespaces.Contains(e.Namespace) != phi)
        {
            return false;
        }

        if (m.Human is { } human && IsHuman(e.User) != human)
        {
            return false;
        }

        if (m.BreakGlass is { } bg && _options.BreakGlassUsers.Contains(e.User) != bg)
        {
            return false;
        }

        if (m.Impersonated is null && m.Request is null)
        {
            return true;
        }

        doc ??= JsonDocument.Parse(e.Canonical);
        var root = doc.RootElement;
        if (m.Impersonated is { } imp
            && (root.TryGetProperty("impersonatedUser", out var iu) && iu.ValueKind == JsonValueKind.Object) != imp)
        {
            return false;
        }

        if (m.Request is { } conditions)
        {
            if (!root.TryGetProperty("requestObject", out var request))
            {
                return false;
            }

            foreach (var c in conditions)
            {
                if (!Holds(c, request))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Holds(RequestCondition c, JsonElement request)
    {
        foreach (var value in Walk(request, c.Path.Split('.'), 0))
        {
            if (c.EqualsValue is { } expected && !JsonElement.DeepEquals(value, expected))
            {
                continue;
            }

            if (c.Exists is false)
            {
                return false;
            }

            if (c.KeyPrefix is { } prefix
                && !(value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any(p => p.Name.StartsWith(prefix, StringComparison.Ordinal))))
            {
                continue;
            }

            return true;
        }

        return c.Exists is false;
    }

    private static IEnumerable<JsonElement> Walk(JsonElement e, string[] path, int at)
    {
        if (at == path.Length)
        {
            if (e.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
            {
                yield return e;
            }

            yield break;
        }

        if (path[at] == "*")
        {
            var children = e.ValueKind switch
            {
                JsonValueKind.Array => e.EnumerateArray().ToList(),
                JsonValueKind.Object => e.EnumerateObject().Select(p => p.Value).ToList(),
                _ => [],
            };
            foreach (var child in children)
            {
                foreach (var v in Walk(child, path, at + 1))
                {
                    yield return v;
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(path[at], out var next))
        {
            foreach (var v in Walk(next, path, at + 1))
            {
                yield return v;
            }
        }
    }

    private static bool In(IReadOnlyList<string>? list, string value) => list is null || list.Contains(value, StringComparer.Ordinal);

    private static bool Glob(string pattern, string value) =>
        pattern == "*" ? true
        : pattern.StartsWith('*') && pattern.EndsWith('*') ? value.Contains(pattern[1..^1], StringComparison.Ordinal)
        : pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal)
        : pattern.StartsWith('*') ? value.EndsWith(pattern[1..], StringComparison.Ordinal)
        : value == pattern;

    internal static bool IsHuman(string user) => user.Length > 0 && !user.StartsWith("system:", StringComparison.Ordinal);

    private static string Describe(AuditEvent e)
    {
        var r = e.Subresource.Length > 0 ? $"{e.Resource}/{e.Subresource}" : e.Resource;
        var where = e.Namespace.Length > 0 ? $" in {e.Namespace}" : string.Empty;
        return $"{r} {e.Name}{where}".Replace("  ", " ", StringComparison.Ordinal);
    }
}
