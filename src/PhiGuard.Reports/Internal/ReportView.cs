using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Reports.Internal;

/// <summary>
/// The scan result re-indexed the way every human-readable report walks it: safeguards by section, controls by id,
/// findings by control, in a stable order. Built once per render; holds no state between renders.
/// </summary>
internal sealed class ReportView
{
    private static readonly IReadOnlyList<Finding> None = [];
    private readonly Dictionary<string, List<Finding>> findingsByControl;

    public ReportView(ScanResult result, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        Result = result;
        Options = options;
        Controls = result.Controls.OrderBy(c => c.Control.Id, StringComparer.Ordinal).ToArray();
        ControlsById = Controls.ToDictionary(c => c.Control.Id, StringComparer.Ordinal);
        Findings = result.Findings.Order().ToArray();
        findingsByControl = Findings.GroupBy(f => f.Control, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Sections = result.Safeguards
            .GroupBy(s => s.Safeguard.Section, StringComparer.Ordinal)
            .Select(g => new Section(g.Key, Text.SectionTitle(g.Key), g.ToArray()))
            .ToArray();
        Problems = Findings.Where(f => f.Status is Status.Fail or Status.NotAssessable).ToArray();
        Waived = Findings.Where(f => f.Status == Status.Waived).ToArray();
        Passed = Findings.Where(f => f.Status == Status.Pass).ToArray();
        Manual = Controls.Where(c => c.Control.Shape == ControlShape.Manual).ToArray();
        LoadErrors = result.LoadErrors
            .OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column)
            .ThenBy(e => e.Message, StringComparer.Ordinal).ToArray();
        Gaps = result.Gaps
            .OrderBy(g => g.Group, StringComparer.Ordinal).ThenBy(g => g.Resource, StringComparer.Ordinal)
            .ThenBy(g => g.Reason, StringComparer.Ordinal).ToArray();
    }

    public ScanResult Result { get; }

    public RenderOptions Options { get; }

    /// <summary>Every control that ran, sorted by id.</summary>
    public IReadOnlyList<ControlResult> Controls { get; }

    public IReadOnlyDictionary<string, ControlResult> ControlsById { get; }

    /// <summary>Every finding, passes included, in the result's canonical order.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Safeguards grouped by section (164.308 … 164.316), in the rule's order.</summary>
    public IReadOnlyList<Section> Sections { get; }

    /// <summary>Failing and not-assessable findings.</summary>
    public IReadOnlyList<Finding> Problems { get; }

    public IReadOnlyList<Finding> Waived { get; }

    public IReadOnlyList<Finding> Passed { get; }

    /// <summary>Manual (attested) controls, whatever their status.</summary>
    public IReadOnlyList<ControlResult> Manual { get; }

    public IReadOnlyList<LoadError> LoadErrors { get; }

    public IReadOnlyList<ResourceGap> Gaps { get; }

    public IReadOnlyList<Finding> FindingsOf(string controlId) =>
        findingsByControl.TryGetValue(controlId, out var list) ? list : None;

    /// <summary>The control's metadata when it ran; null for a finding of a control outside the selection.</summary>
    public ControlResult? Control(string id) => ControlsById.GetValueOrDefault(id);

    /// <summary>Problem findings grouped by control, controls in id order.</summary>
    public IEnumerable<IGrouping<string, Finding>> ProblemsByControl() =>
        Problems.GroupBy(f => f.Control, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);

    /// <summary>The source location a finding points at: the field when a locator can find it, else the object.</summary>
    public SourceLocation? LocationOf(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Location is not { } location)
        {
            return null;
        }

        // Only an object's field path can be located inside its document; an expired-waiver finding's path names
        // the waiver within the config file, not a field below its location.
        if (Options.Locator is { } locator && finding.Object is not null && location.HasLine && finding.Path.Length > 0)
        {
            return locator.Locate(location, finding.Path) ?? location;
        }

        return location;
    }

    internal sealed record Section(string Id, string Title, IReadOnlyList<SafeguardResult> Safeguards);
}
