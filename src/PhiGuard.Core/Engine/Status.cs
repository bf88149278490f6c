namespace PhiGuard.Core.Engine;

/// <summary>The outcome of a control on an object, of a control, or of a safeguard.</summary>
public enum Status
{
    /// <summary>Checked and met.</summary>
    Pass,

    /// <summary>Checked and not met.</summary>
    Fail,

    /// <summary>Not met, but an unexpired waiver with an approver accepts it.</summary>
    Waived,

    /// <summary>Only a person can confirm it, and no current attestation does.</summary>
    Manual,

    /// <summary>Nothing in scope (no PHI namespace, no object of the kinds it reads).</summary>
    NotApplicable,

    /// <summary>Could not be decided from what was visible (managed control plane, forbidden resource); never a pass.</summary>
    NotAssessable,
}

public static class StatusExtensions
{
    /// <summary>The status as reports and JSON spell it: pass, fail, waived, manual, not-applicable, not-assessable.</summary>
    public static string ToWire(this Status status) => status switch
    {
        Status.Pass => "pass",
        Status.Fail => "fail",
        Status.Waived => "waived",
        Status.Manual => "manual",
        Status.NotApplicable => "not-applicable",
        Status.NotAssessable => "not-assessable",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToWire(this Severity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>
    /// How a roll-up ranks statuses: a failure outweighs everything, then what could not be assessed, then what
    /// waits on a person, then waived, then pass; not-applicable only when nothing else is there.
    /// </summary>
    public static int RollupRank(this Status status) => status switch
    {
        Status.Fail => 5,
        Status.NotAssessable => 4,
        Status.Manual => 3,
        Status.Waived => 2,
        Status.Pass => 1,
        _ => 0,
    };

    public static Status Worst(this IEnumerable<Status> statuses)
    {
        var worst = Status.NotApplicable;
        foreach (var s in statuses)
        {
            if (s.RollupRank() > worst.RollupRank())
            {
                worst = s;
            }
        }

        return worst;
    }
}
