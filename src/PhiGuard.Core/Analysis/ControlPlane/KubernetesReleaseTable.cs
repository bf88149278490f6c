using System.Globalization;
using System.Reflection;
using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>
/// The dated table of upstream Kubernetes minor releases (end of life, latest patch) shipped with PhiGuard; the
/// version controls judge against it and state its date, because a table is only as current as its <see cref="AsOf"/>.
/// </summary>
public sealed class KubernetesReleaseTable
{
    private readonly Dictionary<int, KubernetesRelease> byMinor;

    private KubernetesReleaseTable(DateOnly asOf, string source, IReadOnlyList<KubernetesRelease> releases)
    {
        AsOf = asOf;
        Source = source;
        Releases = releases;
        byMinor = releases.ToDictionary(r => r.Minor);
    }

    /// <summary>The table embedded in PhiGuard.Core (<c>Data/kubernetes-releases.json</c>).</summary>
    public static KubernetesReleaseTable Default { get; } = Load();

    /// <summary>The date the figures were taken from the source.</summary>
    public DateOnly AsOf { get; }

    /// <summary>Where the figures come from.</summary>
    public string Source { get; }

    /// <summary>Newest minor first.</summary>
    public IReadOnlyList<KubernetesRelease> Releases { get; }

    public int OldestMinor => Releases[^1].Minor;

    public int NewestMinor => Releases[0].Minor;

    /// <summary>"release table as of 2026-09-15", for messages.</summary>
    public string Label => $"release table as of {AsOf:yyyy-MM-dd}";

    public KubernetesRelease? Find(int minor) => byMinor.GetValueOrDefault(minor);

    /// <summary>Reads a table from its JSON form; throws <see cref="JsonException"/> or <see cref="FormatException"/> on bad data.</summary>
    public static KubernetesReleaseTable Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var asOf = Date(root.GetString("asOf")) ?? throw new FormatException("release table: asOf (yyyy-mm-dd) is required");
        var source = root.GetString("source") ?? throw new FormatException("release table: source is required");
        var releases = new List<KubernetesRelease>();
        foreach (var m in root.GetArray("minors"))
        {
            var minor = KubernetesVersion.Parse(m.GetString("minor"))?.Minor ?? throw new FormatException($"release table: bad minor '{m.GetString("minor")}'");
            var eol = Date(m.GetString("endOfLife")) ?? throw new FormatException($"release table: 1.{minor} has no endOfLife");
            var latest = KubernetesVersion.Parse(m.GetString("latestPatch"));
            if (latest is { } l && (l.Minor != minor || l.Patch is null))
            {
                throw new FormatException($"release table: 1.{minor} latestPatch '{m.GetString("latestPatch")}' is not a 1.{minor}.N version");
            }

            releases.Add(new KubernetesRelease(minor, eol, latest?.Patch, Date(m.GetString("latestPatchDate"))));
        }

        if (releases.Count == 0)
        {
            throw new FormatException("release table: no minors");
        }

        releases.Sort((a, b) => b.Minor.CompareTo(a.Minor));
        return new KubernetesReleaseTable(asOf, source, releases);
    }

    private static KubernetesReleaseTable Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PhiGuard.Core.Analysis.ControlPlane.Data.kubernetes-releases.json")
                           ?? throw new InvalidOperationException("embedded kubernetes-releases.json is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private static DateOnly? Date(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
