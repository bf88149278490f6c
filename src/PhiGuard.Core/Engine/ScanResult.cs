using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Engine;

/// <summary>The result of one control across the inventory.</summary>
public sealed record ControlResult
{
    public required Control Control { get; init; }

    public required Status Status { get; init; }

    /// <summary>Why the control is not-applicable, not-assessable or manual, or how an attestation was judged.</summary>
    public string? Reason { get; init; }

    public int Passed { get; init; }

    public int Failed { get; init; }

    public int Waived { get; init; }

    public int NotAssessable { get; init; }

    /// <summary>The attestation that decided a manual control, when there is one.</summary>
    public Attestation? Attestation { get; init; }
}

/// <summary>A HIPAA citation's status, rolled up from the controls that evidence it.</summary>
public sealed record SafeguardResult
{
    public required Safeguard Safeguard { get; init; }

    public required Status Status { get; init; }

    /// <summary>Controls mapped directly to this citation, and for a standard those of its specifications, sorted.</summary>
    public required IReadOnlyList<string> Controls { get; init; }
}

/// <summary>How a waiver was used in this scan.</summary>
public enum WaiverState
{
    /// <summary>Unexpired and matched at least one failing finding.</summary>
    Active,

    /// <summary>Past its expiry date: it covers nothing and fails on its own.</summary>
    Expired,

    /// <summary>Unexpired but matched no failing finding: reported so stale waivers get removed.</summary>
    Unused,
}

public sealed record WaiverResult(Waiver Waiver, WaiverState State, int Matched);

/// <summary>Counts and the score of a scan.</summary>
public sealed record ScanSummary
{
    public int Objects { get; init; }

    public int Workloads { get; init; }

    public int PhiNamespaces { get; init; }

    /// <summary>Controls by status (keys are the wire names: pass, fail, …).</summary>
    public required IReadOnlyDictionary<string, int> Controls { get; init; }

    /// <summary>Findings by status.</summary>
    public required IReadOnlyDictionary<string, int> Findings { get; init; }

    /// <summary>
    /// 0–100: severity-weighted share of assessed automated controls that pass or are waived (critical 10, high 5,
    /// medium 2, low 1); not-applicable, not-assessable and manual controls do not count. Null when none was assessed.
    /// </summary>
    public double? Score { get; init; }
}

/// <summary>Everything a scan found; renderers are pure functions of it.</summary>
public sealed record ScanResult
{
    /// <summary>The JSON schema version of this result (bumped on incompatible change).</summary>
    public const string SchemaVersion = "phiguard.io/scan/v1";

    public required string ToolVersion { get; init; }

    public required Profile Profile { get; init; }

    public required IReadOnlyList<string> Inputs { get; init; }

    public required InventoryOrigin Origin { get; init; }

    public required ScanSummary Summary { get; init; }

    public required IReadOnlyList<string> PhiNamespaces { get; init; }

    public required IReadOnlyList<ControlResult> Controls { get; init; }

    /// <summary>Every per-object outcome, passes included, sorted by control, object, path and message.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    public required IReadOnlyList<SafeguardResult> Safeguards { get; init; }

    public required IReadOnlyList<WaiverResult> Waivers { get; init; }

    public required IReadOnlyList<LoadError> LoadErrors { get; init; }

    public required IReadOnlyList<ResourceGap> Gaps { get; init; }

    /// <summary>The time the scan judged against; renderers print it only when asked.</summary>
    public DateTimeOffset ScannedAt { get; init; }
}
