using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Engine;

/// <summary>What a workload or resource control found on one object.</summary>
public sealed class Verdict
{
    private readonly List<(string Path, string Message)> failures = [];

    internal Verdict()
    {
    }

    internal IReadOnlyList<(string Path, string Message)> Failures => failures;

    internal string? NotApplicableReason { get; private set; }

    internal string? NotAssessableReason { get; private set; }

    internal string? PassMessage { get; private set; }

    /// <summary>A failure at a field path (dotted, with [index] for list items) with a precise human message.</summary>
    public void Fail(string path, string message) => failures.Add((path, message));

    /// <summary>The object is out of this control's reach (for example not a PHI workload).</summary>
    public void NotApplicable(string reason) => NotApplicableReason = reason;

    /// <summary>The object cannot be judged from what is visible.</summary>
    public void NotAssessable(string reason) => NotAssessableReason = reason;

    /// <summary>Explains a pass (optional: an object with no failure passes anyway).</summary>
    public void Pass(string message) => PassMessage = message;

    internal void Reset()
    {
        failures.Clear();
        NotApplicableReason = null;
        NotAssessableReason = null;
        PassMessage = null;
    }
}

/// <summary>What a cluster control found: outcomes on objects, or on the cluster as a whole (object null).</summary>
public sealed class ClusterVerdict
{
    private readonly List<Outcome> outcomes = [];

    internal ClusterVerdict()
    {
    }

    internal IReadOnlyList<Outcome> Outcomes => outcomes;

    internal string? NotApplicableReason { get; private set; }

    internal string? NotAssessableReason { get; private set; }

    public void Fail(KubeObject? obj, string path, string message) =>
        outcomes.Add(new Outcome(obj, Status.Fail, path, message));

    public void Pass(KubeObject? obj, string message) =>
        outcomes.Add(new Outcome(obj, Status.Pass, string.Empty, message));

    /// <summary>Part of the cluster could not be judged (the rest may still pass or fail).</summary>
    public void NotAssessable(KubeObject? obj, string message) =>
        outcomes.Add(new Outcome(obj, Status.NotAssessable, string.Empty, message));

    /// <summary>Nothing in scope: the whole control is not applicable.</summary>
    public void NotApplicable(string reason) => NotApplicableReason = reason;

    /// <summary>The whole control cannot be decided from what is visible.</summary>
    public void NotAssessable(string reason) => NotAssessableReason = reason;

    internal sealed record Outcome(KubeObject? Object, Status Status, string Path, string Message);
}
