using System.Reflection;
using System.Text.Json;

namespace PhiGuard.Core.Catalog;

/// <summary>
/// The HIPAA Security Rule citations PhiGuard reports on, linked to the NIST SP 800-66r2 key activities of the
/// embedded OSCAL catalog. Loaded once from embedded resources.
/// </summary>
public sealed class HipaaCatalog
{
    private static readonly Lazy<HipaaCatalog> Instance = new(Load);

    private HipaaCatalog(IReadOnlyList<Safeguard> safeguards, IReadOnlyList<KeyActivity> activities)
    {
        Safeguards = safeguards;
        KeyActivities = activities;
        ByCitation = safeguards.ToDictionary(s => s.Citation, StringComparer.Ordinal);
        ActivitiesById = activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    public static HipaaCatalog Default => Instance.Value;

    /// <summary>
    /// A catalog from given citations and key activities, for tests and tools that judge against a subset of the
    /// rule; <see cref="Default"/> is the full embedded catalog.
    /// </summary>
    public static HipaaCatalog Create(IReadOnlyList<Safeguard> safeguards, IReadOnlyList<KeyActivity> activities)
    {
        ArgumentNullException.ThrowIfNull(safeguards);
        ArgumentNullException.ThrowIfNull(activities);
        return new HipaaCatalog(safeguards, activities);
    }

    /// <summary>Every citation, in the rule's order.</summary>
    public IReadOnlyList<Safeguard> Safeguards { get; }

    public IReadOnlyList<KeyActivity> KeyActivities { get; }

    public IReadOnlyDictionary<string, Safeguard> ByCitation { get; }

    public IReadOnlyDictionary<string, KeyActivity> ActivitiesById { get; }

    /// <summary>The citations a profile reports on, in order.</summary>
    public IEnumerable<Safeguard> For(Profile profile) =>
        Safeguards.Where(s => s.Profiles.Contains(profile.Id, StringComparer.Ordinal));

    private static HipaaCatalog Load()
    {
        var activities = LoadKeyActivities();
        using var stream = Open("hipaa-safeguards.json");
        using var doc = JsonDocument.Parse(stream);
        var byStandard = activities.GroupBy(a => a.Standard, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(a => a.Id).ToArray(), StringComparer.Ordinal);
        var list = new List<Safeguard>();
        foreach (var e in doc.RootElement.GetProperty("safeguards").EnumerateArray())
        {
            var standard = e.GetProperty("standard").GetString()!;
            var oscalStandard = e.TryGetProperty("oscalStandard", out var os) ? os.GetString()! : standard;
            list.Add(new Safeguard
            {
                Citation = e.GetProperty("citation").GetString()!,
                Title = e.GetProperty("title").GetString()!,
                Type = e.GetProperty("type").GetString() switch
                {
                    "standard" => SafeguardType.Standard,
                    "required" => SafeguardType.Required,
                    "addressable" => SafeguardType.Addressable,
                    var t => throw new InvalidDataException($"hipaa-safeguards.json: unknown type '{t}'"),
                },
                Section = e.GetProperty("section").GetString()!,
                Standard = standard,
                Relevance = e.TryGetProperty("relevance", out var r) ? r.GetString() ?? string.Empty : string.Empty,
                Profiles = e.GetProperty("profiles").EnumerateArray().Select(p => p.GetString()!).ToArray(),
                Confidence = e.TryGetProperty("confidence", out var c) ? c.GetString() : null,
                KeyActivities = byStandard.TryGetValue(oscalStandard, out var ka) ? ka : [],
            });
        }

        return new HipaaCatalog(list, activities);
    }

    private static List<KeyActivity> LoadKeyActivities()
    {
        using var stream = Open("sp800-66r2-catalog.json");
        using var doc = JsonDocument.Parse(stream);
        var result = new List<KeyActivity>();
        foreach (var section in doc.RootElement.GetProperty("catalog").GetProperty("groups").EnumerateArray())
        {
            foreach (var group in section.GetProperty("groups").EnumerateArray())
            {
                var standard = group.GetProperty("props").EnumerateArray()
                    .First(p => p.GetProperty("name").GetString() == "standards-identifiers")
                    .GetProperty("value").GetString()!;
                foreach (var control in group.GetProperty("controls").EnumerateArray())
                {
                    var statement = control.GetProperty("parts").EnumerateArray()
                        .FirstOrDefault(p => p.GetProperty("name").GetString() == "statement");
                    result.Add(new KeyActivity(
                        control.GetProperty("id").GetString()!,
                        control.GetProperty("title").GetString()!,
                        standard,
                        statement.ValueKind == JsonValueKind.Object && statement.TryGetProperty("prose", out var prose)
                            ? prose.GetString() ?? string.Empty
                            : string.Empty));
                }
            }
        }

        return result;
    }

    private static Stream Open(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream($"PhiGuard.Core.Catalog.Data.{name}")
        ?? throw new InvalidOperationException($"embedded catalog resource {name} is missing");
}
