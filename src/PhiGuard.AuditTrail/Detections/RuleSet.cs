using System.Text.Json;
using System.Text.Json.Serialization;

namespace PhiGuard.AuditTrail.Detections;

/// <summary>
/// Loads detection rules from JSON (<c>{"rules": [...]}</c>): the built-in detection-rules.json, or a user's file; an
/// unknown field, a missing id or a duplicate id is an error naming the file.
/// </summary>
public static class RuleSet
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static IReadOnlyList<DetectionRule> BuiltIn()
    {
        using var stream = typeof(RuleSet).Assembly.GetManifestResourceStream("PhiGuard.AuditTrail.detection-rules.json")
            ?? throw new InvalidOperationException("built-in detection rules are missing from the assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "built-in detection-rules.json");
    }

    public static IReadOnlyList<DetectionRule> Parse(string json, string source)
    {
        RuleFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RuleFile>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }

        var rules = file?.Rules ?? throw new InvalidDataException($"{source}: no \"rules\" array");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rules)
        {
            if (string.IsNullOrWhiteSpace(r.Id) || !seen.Add(r.Id))
            {
                throw new InvalidDataException($"{source}: rule id '{r.Id}' is empty or used twice");
            }

            if (r.Threshold is { } t && (t.Count < 1 || t.WindowSeconds < 1))
            {
                throw new InvalidDataException($"{source}: rule {r.Id}: threshold count and windowSeconds must be positive");
            }
        }

        return rules;
    }

    private sealed record RuleFile(IReadOnlyList<DetectionRule>? Rules);
}
