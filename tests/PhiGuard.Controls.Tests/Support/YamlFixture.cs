using System.Globalization;
using System.Text.RegularExpressions;
using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Controls.Tests.Support;

/// <summary>
/// A control fixture: its objects, read with PhiGuard.Sources' ManifestLoader exactly as a scan reads manifests,
/// and the directives in its header comments.
/// </summary>
internal sealed partial class YamlFixture
{
    private static readonly ManifestLoader Loader = new();

    private YamlFixture(string path, IReadOnlyList<KubeObject> objects, IReadOnlyList<(string Key, string Value)> directives)
    {
        Path = path;
        Objects = objects;
        Directives = directives;
    }

    public string Path { get; }

    public IReadOnlyList<KubeObject> Objects { get; }

    /// <summary>Header lines of the form <c># key: value</c> for the keys the fixture test understands.</summary>
    public IReadOnlyList<(string Key, string Value)> Directives { get; }

    /// <summary>The keys a fixture header may set.</summary>
    public static IReadOnlyList<string> KnownDirectives { get; } =
        ["expect", "server-version", "origin", "phi-namespaces", "cluster-admin-allow", "threshold", "rbac", "approved-registries", "entry-points", "fips-required", "fips-images", "attestation"];

    /// <summary>Field paths a fail fixture expects findings at; <c>(object)</c> stands for the empty path.</summary>
    public IReadOnlyList<string> ExpectedPaths =>
        Values("expect").Select(v => v == "(object)" ? string.Empty : v).ToArray();

    public static YamlFixture Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses fixture text; <paramref name="path"/> names it in locations and messages.</summary>
    public static YamlFixture Parse(string text, string path = "inline.yaml")
    {
        // The product's own loader, so fixtures are read exactly as `phiguard scan` reads manifests.
        var loaded = Loader.LoadText(path, text);
        if (loaded.Errors.Count > 0)
        {
            throw new InvalidDataException(string.Join("\n", loaded.Errors));
        }

        var objects = loaded.Objects;

        var directives = new List<(string, string)>();
        foreach (var line in text.Split('\n'))
        {
            var m = DirectiveRegex().Match(line.TrimEnd('\r'));
            if (m.Success && KnownDirectives.Contains(m.Groups[1].Value, StringComparer.Ordinal))
            {
                directives.Add((m.Groups[1].Value, m.Groups[2].Value.Trim()));
            }
        }

        return new YamlFixture(path, objects, directives);
    }

    public IEnumerable<string> Values(string key) =>
        Directives.Where(d => d.Key == key).Select(d => d.Value);

    /// <summary>The inventory the fixture describes (origin and cluster version from its header).</summary>
    public Inventory ToInventory(IEnumerable<ResourceGap>? gaps = null)
    {
        var origin = Values("origin").FirstOrDefault() == "cluster" ? InventoryOrigin.Cluster : InventoryOrigin.Manifests;
        var facts = new ClusterFacts { ServerVersion = Values("server-version").FirstOrDefault() };
        return new Inventory(Objects, gaps: gaps, origin: origin, facts: facts);
    }

    /// <summary>The phiguard.yaml settings the fixture header asks for.</summary>
    public PhiGuardConfig ToConfig()
    {
        var phi = Values("phi-namespaces").SelectMany(Split).ToArray();
        var allow = Values("cluster-admin-allow").SelectMany(Split).Select(ParseSubject).ToArray();
        var thresholds = Values("threshold")
            .Select(t => t.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var registries = Values("approved-registries").SelectMany(Split).ToArray();

        // entry-points: comma-separated NAMESPACE or NAMESPACE/NAME globs (phiguard.yaml networkEntryPoints).
        var entries = Values("entry-points").SelectMany(Split)
            .Select(e => e.Split('/', 2))
            .Select(p => new NetworkEntryPoint(p[0], p.Length > 1 ? p[1] : null))
            .ToArray();
        return new PhiGuardConfig
        {
            PhiNamespaces = phi,
            ClusterAdminAllowList = allow,
            Thresholds = thresholds,
            Rbac = ToRbacSettings(),
            ApprovedRegistries = registries,
            NetworkEntryPoints = entries,
            FipsRequired = Values("fips-required").Any(v => v == "true"),
            FipsImages = Values("fips-images").SelectMany(Split).ToArray(),
            Attestations = Values("attestation").Select(ParseAttestation).ToArray(),
        };
    }

    /// <summary>
    /// The <c>rbac:</c> settings: lines <c># rbac: LIST=Kind:name, ServiceAccount:ns:name</c> (subject lists) or
    /// <c># rbac: sharedServiceAccounts=ns/name, …</c>.
    /// </summary>
    private RbacSettings ToRbacSettings()
    {
        var rbac = RbacSettings.Default;
        foreach (var line in Values("rbac"))
        {
            var (list, items) = line.Split('=', 2) is [var l, var i] ? (l.Trim(), Split(i).ToArray()) : throw new InvalidDataException($"{Path}: rbac directive '{line}' is LIST=items");
            var subjects = list is "sharedServiceAccounts" or "identityExport" ? [] : items.Select(ParseSubject).ToArray();
            rbac = list switch
            {
                "secretsReaders" => rbac with { SecretsReaders = subjects },
                "execAllowList" => rbac with { ExecAllowList = subjects },
                "impersonationAllowList" => rbac with { ImpersonationAllowList = subjects },
                "escalationAllowList" => rbac with { EscalationAllowList = subjects },
                "jitControllers" => rbac with { JitControllers = subjects },
                "sharedServiceAccounts" => rbac with { SharedServiceAccounts = items },
                "identityExport" => rbac with { IdentityExport = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!, items[0]) },
                _ => throw new InvalidDataException($"{Path}: unknown rbac list '{list}'"),
            };
        }

        return rbac;
    }

    public override string ToString() => System.IO.Path.GetFileName(Path);

    private static IEnumerable<string> Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An attestation written <c>item=ID, by=NAME, date=YYYY-MM-DD[, expires=YYYY-MM-DD]</c>.</summary>
    private Attestation ParseAttestation(string line)
    {
        var fields = Split(line).Select(f => f.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : string.Empty, StringComparer.Ordinal);
        if (!fields.TryGetValue("item", out var item) || !fields.TryGetValue("by", out var by) || !fields.TryGetValue("date", out var date))
        {
            throw new InvalidDataException($"{Path}: attestation directive '{line}' needs item=, by= and date=");
        }

        return new Attestation
        {
            Item = item,
            By = by,
            Date = DateOnly.Parse(date, CultureInfo.InvariantCulture),
            Expires = fields.TryGetValue("expires", out var e) ? DateOnly.Parse(e, CultureInfo.InvariantCulture) : null,
        };
    }

    private static SubjectRef ParseSubject(string s)
    {
        var parts = s.Split(':', 3);
        return parts.Length == 3 ? new SubjectRef(parts[0], parts[2], parts[1]) : new SubjectRef(parts[0], parts[1]);
    }

    [GeneratedRegex(@"^#\s*([a-z-]+):\s?(.*)$")]
    private static partial Regex DirectiveRegex();
}
