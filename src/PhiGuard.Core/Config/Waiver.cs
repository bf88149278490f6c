using System.Text.RegularExpressions;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Config;

/// <summary>
/// An accepted risk: findings of one control on objects matching the selector are shown as waived, with the
/// justification and approver, until the expiry date. An expired waiver no longer applies and fails on its own.
/// </summary>
public sealed record Waiver
{
    public required string Control { get; init; }

    public WaiverSelector Selector { get; init; } = new();

    public required string Justification { get; init; }

    public required string ApprovedBy { get; init; }

    /// <summary>Last day the waiver applies (inclusive, UTC).</summary>
    public required DateOnly Expires { get; init; }

    /// <summary>Where the waiver is written (config file and line).</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>A short stable name for reports: control and selector.</summary>
    public string Describe() => $"{Control} {Selector}";

    public bool IsExpired(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime) > Expires;
}

/// <summary>
/// Which objects a waiver covers. Every field that is set must match: kind, namespace and name (globs with
/// <c>*</c> and <c>?</c>), labels (all must be present with equal values). An empty selector matches every object.
/// </summary>
public sealed record WaiverSelector
{
    public string? Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public bool Matches(ObjectRef? obj, IReadOnlyDictionary<string, string>? labels)
    {
        if (obj is null)
        {
            // A cluster-level finding is covered only by a selector that names no object.
            return Kind is null && Namespace is null && Name is null && Labels.Count == 0;
        }

        if (Kind is not null && !Glob(Kind, obj.Kind))
        {
            return false;
        }

        if (Namespace is not null && !Glob(Namespace, obj.Namespace ?? string.Empty))
        {
            return false;
        }

        if (Name is not null && !Glob(Name, obj.Name))
        {
            return false;
        }

        foreach (var (k, v) in Labels)
        {
            if (labels is null || !labels.TryGetValue(k, out var actual) || !string.Equals(actual, v, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Kind is not null)
        {
            parts.Add($"kind={Kind}");
        }

        if (Namespace is not null)
        {
            parts.Add($"namespace={Namespace}");
        }

        if (Name is not null)
        {
            parts.Add($"name={Name}");
        }

        parts.AddRange(Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        return parts.Count == 0 ? "(all objects)" : string.Join(" ", parts);
    }

    /// <summary>Shell-style glob: <c>*</c> any run, <c>?</c> one character; everything else literal.</summary>
    public static bool Glob(string pattern, string value)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal)
            .Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
