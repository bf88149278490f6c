using System.Text.Json;

namespace PhiGuard.Core.Inventory;

/// <summary>
/// A Kubernetes label selector (matchLabels and matchExpressions with In, NotIn, Exists, DoesNotExist), evaluated
/// as the API server does: all terms must hold; an empty selector matches everything.
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements, bool matchesNothing)
    {
        this.requirements = requirements;
        MatchesNothing = matchesNothing;
    }

    public static LabelSelector Everything { get; } = new([], false);

    public static LabelSelector Nothing { get; } = new([], true);

    /// <summary>True for a selector that matches no object (a null selector where Kubernetes means "none").</summary>
    public bool MatchesNothing { get; }

    public bool IsEmpty => !MatchesNothing && requirements.Count == 0;

    /// <summary>Parses a LabelSelector object; an unknown operator makes the selector match nothing.</summary>
    public static LabelSelector Parse(JsonElement? selector)
    {
        if (selector is not { ValueKind: JsonValueKind.Object } s)
        {
            return Everything;
        }

        var reqs = new List<Requirement>();
        if (s.GetObject("matchLabels") is { } matchLabels)
        {
            foreach (var p in matchLabels.EnumerateObject())
            {
                reqs.Add(new Requirement(p.Name, "In", [p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()]));
            }
        }

        foreach (var e in s.GetArray("matchExpressions"))
        {
            var key = e.GetString("key") ?? string.Empty;
            var op = e.GetString("operator") ?? string.Empty;
            var values = e.GetArray("values").Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray();
            if (op is not ("In" or "NotIn" or "Exists" or "DoesNotExist"))
            {
                return Nothing;
            }

            reqs.Add(new Requirement(key, op, values));
        }

        return new LabelSelector(reqs, false);
    }

    public static LabelSelector FromLabels(IReadOnlyDictionary<string, string> labels) =>
        new(labels.Select(kv => new Requirement(kv.Key, "In", [kv.Value])).ToList(), false);

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (MatchesNothing)
        {
            return false;
        }

        foreach (var r in requirements)
        {
            var has = labels.TryGetValue(r.Key, out var value);
            var ok = r.Operator switch
            {
                "In" => has && r.Values.Contains(value!, StringComparer.Ordinal),
                "NotIn" => !has || !r.Values.Contains(value!, StringComparer.Ordinal),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() =>
        MatchesNothing ? "<nothing>" : requirements.Count == 0 ? "<everything>" : string.Join(",", requirements);

    private sealed record Requirement(string Key, string Operator, string[] Values)
    {
        public override string ToString() => Operator switch
        {
            "In" when Values.Length == 1 => $"{Key}={Values[0]}",
            "Exists" => Key,
            "DoesNotExist" => "!" + Key,
            _ => $"{Key} {Operator.ToLowerInvariant()} ({string.Join(",", Values)})",
        };
    }
}
