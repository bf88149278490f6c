using System.Globalization;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports.Internal;

/// <summary>The words every report uses for the same things, so formats never disagree.</summary>
internal static class Text
{
    public static string SectionTitle(string section) => section switch
    {
        "164.308" => "Administrative safeguards (§164.308)",
        "164.310" => "Physical safeguards (§164.310)",
        "164.312" => "Technical safeguards (§164.312)",
        "164.314" => "Organizational requirements (§164.314)",
        "164.316" => "Policies, procedures and documentation (§164.316)",
        _ => $"§{section}",
    };

    public static string Type(SafeguardType type) => type switch
    {
        SafeguardType.Standard => "standard",
        SafeguardType.Required => "required",
        _ => "addressable",
    };

    public static string Label(Status status) => status switch
    {
        Status.Pass => "PASS",
        Status.Fail => "FAIL",
        Status.Waived => "WAIVED",
        Status.Manual => "MANUAL",
        Status.NotApplicable => "N/A",
        _ => "NOT ASSESSABLE",
    };

    public static string Object(ObjectRef? obj) => obj?.ToString() ?? "(cluster)";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Score(double? score) =>
        score is { } s ? s.ToString("0.#", CultureInfo.InvariantCulture) + " / 100" : "n/a (nothing assessed)";

    public static string Location(SourceLocation? location) => location?.ToString() ?? string.Empty;

    /// <summary>"pass 3 · fail 2 · …" in a fixed status order, leaving out zero counts.</summary>
    public static string Counts(IReadOnlyDictionary<string, int> counts)
    {
        var parts = new List<string>();
        foreach (var status in Enum.GetValues<Status>())
        {
            var key = status.ToWire();
            if (counts.TryGetValue(key, out var n) && n > 0)
            {
                parts.Add($"{key} {n}");
            }
        }

        return parts.Count == 0 ? "none" : string.Join(" · ", parts);
    }

    public static string Waiver(Waiver waiver) =>
        $"approved by {waiver.ApprovedBy}, expires {Date(waiver.Expires)}: {waiver.Justification}";

    public static string State(WaiverState state) => state switch
    {
        WaiverState.Active => "active",
        WaiverState.Expired => "expired",
        _ => "unused",
    };

    /// <summary>What a manual item still needs or how it was attested.</summary>
    public static string ManualDetail(ControlResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var detail = result.Reason ?? string.Empty;
        if (result.Attestation is { } a)
        {
            var evidence = a.Link ?? a.File;
            if (evidence is not null && !detail.Contains(evidence, StringComparison.Ordinal))
            {
                detail += $" (evidence: {evidence})";
            }
        }

        return detail;
    }

    public static string Citations(Control control) => string.Join(", ", control.Citations);
}
