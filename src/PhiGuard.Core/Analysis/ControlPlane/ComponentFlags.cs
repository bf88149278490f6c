namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// A component's command-line flags read the way Go's pflag reads them: <c>--flag=value</c> and <c>--flag value</c>
/// forms, a bare boolean flag meaning true, the last occurrence of a scalar flag winning and the occurrences of a
/// list flag (comma-separated) accumulating.
/// </summary>
public sealed class ComponentFlags
{
    private readonly List<FlagOccurrence> occurrences = [];

    private ComponentFlags()
    {
    }

    public static ComponentFlags Empty { get; } = new();

    /// <summary>Every flag in the order written.</summary>
    public IReadOnlyList<FlagOccurrence> Occurrences => occurrences;

    /// <summary>
    /// Parses arguments (with their field paths). <paramref name="booleanFlags"/> names the flags that take no
    /// separate value: pflag reads <c>--anonymous-auth false</c> as the flag set to true followed by a stray argument,
    /// so only <c>--anonymous-auth=false</c> turns such a flag off.
    /// </summary>
    public static ComponentFlags Parse(IReadOnlyList<(string Arg, string Path)> args, IReadOnlySet<string> booleanFlags)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(booleanFlags);
        var flags = new ComponentFlags();
        for (var i = 0; i < args.Count; i++)
        {
            var (arg, path) = args[i];
            if (!arg.StartsWith('-') || arg == "--" || arg == "-")
            {
                continue;
            }

            var body = arg.TrimStart('-');
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                flags.occurrences.Add(new FlagOccurrence(body[..eq], body[(eq + 1)..], path));
            }
            else if (booleanFlags.Contains(body))
            {
                flags.occurrences.Add(new FlagOccurrence(body, "true", path));
            }
            else if (i + 1 < args.Count && !args[i + 1].Arg.StartsWith("--", StringComparison.Ordinal))
            {
                flags.occurrences.Add(new FlagOccurrence(body, args[i + 1].Arg, path));
                i++;
            }
            else
            {
                // A non-boolean flag with no value: the component would refuse to start; keep it as empty.
                flags.occurrences.Add(new FlagOccurrence(body, string.Empty, path));
            }
        }

        return flags;
    }

    public bool IsSet(string name) => occurrences.Exists(o => o.Name == name);

    /// <summary>The last occurrence of a scalar flag (the one the component uses), or null when absent.</summary>
    public FlagOccurrence? Last(string name) => occurrences.LastOrDefault(o => o.Name == name);

    /// <summary>The value of a scalar flag, or null when absent.</summary>
    public string? Value(string name) => Last(name)?.Value;

    /// <summary>A boolean flag's value, or <paramref name="defaultValue"/> when absent; null when unparsable.</summary>
    public bool? Bool(string name, bool defaultValue) => Value(name) is not { } v
        ? defaultValue
        : bool.TryParse(v, out var b) ? b : v switch { "1" or "t" or "T" => true, "0" or "f" or "F" => false, _ => null };

    /// <summary>The items of a list flag: every occurrence, comma-split, in order; empty when absent.</summary>
    public IReadOnlyList<string> List(string name) => occurrences
        .Where(o => o.Name == name)
        .SelectMany(o => o.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .ToArray();

    /// <summary>The field path of the flag's last occurrence, or <paramref name="fallback"/> when absent.</summary>
    public string PathOf(string name, string fallback) => Last(name)?.Path ?? fallback;
}
