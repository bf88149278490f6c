using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Engine;

/// <summary>
/// Runs controls over an inventory and rolls the outcomes up per object, per control and per HIPAA safeguard,
/// applying waivers and attestations. One engine serves scans and admission. Deterministic for a given input and
/// time.
/// </summary>
public sealed class Scanner
{
    private readonly IReadOnlyList<Control> controls;
    private readonly TimeProvider time;
    private readonly HipaaCatalog catalog;

    public Scanner(IEnumerable<Control> controls, TimeProvider? time = null, HipaaCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(controls);
        this.controls = controls.OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        this.time = time ?? TimeProvider.System;
        this.catalog = catalog ?? HipaaCatalog.Default;
    }

    public static string ToolVersion { get; } =
        typeof(Scanner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public IReadOnlyList<Control> Controls => controls;

    public ScanResult Scan(Inventory.Inventory inventory, ScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        options ??= new ScanOptions();
        var now = time.GetUtcNow();
        var context = new ControlContext(inventory, options.Config, options.Profile, now);
        var selected = options.Controls.Count == 0
            ? controls
            : controls.Where(c => options.Controls.Contains(c.Id, StringComparer.Ordinal)).ToArray();
        var nsFilter = options.Namespaces.Count == 0 ? null : new HashSet<string>(options.Namespaces, StringComparer.Ordinal);

        var findings = new List<Finding>();
        var controlReasons = new Dictionary<string, (Status Status, string Reason, Attestation? Attestation)>(StringComparer.Ordinal);
        foreach (var control in selected)
        {
            try
            {
                Run(control, context, nsFilter, findings, controlReasons);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A defect in one control must not hide the others: report it, never pass.
                controlReasons[control.Id] = (Status.NotAssessable, $"control failed to run: {ex.GetType().Name}: {ex.Message}", null);
            }
        }

        var waiverResults = ApplyWaivers(findings, options.Config, inventory, now);
        findings.Sort();
        var controlResults = RollUpControls(selected, findings, controlReasons);
        var safeguards = options.SafeguardRollUp ? RollUpSafeguards(controlResults, options.Profile) : [];

        return new ScanResult
        {
            ToolVersion = ToolVersion,
            Profile = options.Profile,
            Inputs = options.Inputs,
            Origin = inventory.Origin,
            PhiNamespaces = context.Scope.PhiNamespaces,
            Controls = controlResults,
            Findings = findings,
            Safeguards = safeguards,
            Waivers = waiverResults,
            LoadErrors = inventory.Errors,
            Gaps = inventory.Gaps,
            ScannedAt = now,
            Summary = new ScanSummary
            {
                Objects = inventory.Objects.Count,
                Workloads = context.Workloads.Count,
                PhiNamespaces = context.Scope.PhiNamespaces.Count,
                Controls = CountBy(controlResults.Select(c => c.Status)),
                Findings = CountBy(findings.Select(f => f.Status)),
                Score = Score(controlResults),
            },
        };
    }

    private static void Run(
        Control control,
        ControlContext context,
        HashSet<string>? nsFilter,
        List<Finding> findings,
        Dictionary<string, (Status, string, Attestation?)> reasons)
    {
        switch (control)
        {
            case WorkloadControl wc:
                RunWorkloadControl(wc, context, nsFilter, findings, reasons);
                break;
            case ResourceControl rc:
                RunResourceControl(rc, context, nsFilter, findings, reasons);
                break;
            case ClusterControl cc:
                RunClusterControl(cc, context, nsFilter, findings, reasons);
                break;
            case ManualControl mc:
                reasons[control.Id] = JudgeAttestation(mc, context);
                break;
        }
    }

    private static bool FilteredOut(HashSet<string>? nsFilter, string? ns) =>
        nsFilter is not null && ns is not null && !nsFilter.Contains(ns);

    private static void RunWorkloadControl(
        WorkloadControl control,
        ControlContext context,
        HashSet<string>? nsFilter,
        List<Finding> findings,
        Dictionary<string, (Status, string, Attestation?)> reasons)
    {
        var verdict = new Verdict();
        var inScope = 0;
        foreach (var w in context.Workloads)
        {
            var o = w.Object;
            if (FilteredOut(nsFilter, o.Namespace) || !context.Scope.InScope(control.Scope, o.Namespace))
            {
                continue;
            }

            inScope++;
            verdict.Reset();
            control.Check(w, context, verdict);
            Collect(control, o, verdict, findings);
        }

        AddGaps(control, context, findings);
        if (inScope == 0)
        {
            reasons[control.Id] = (Status.NotApplicable, control.Scope == ControlScope.PhiNamespaces
                ? "no workload in a PHI namespace"
                : "no workload in scope", null);
        }
    }

    private static void RunResourceControl(
        ResourceControl control,
        ControlContext context,
        HashSet<string>? nsFilter,
        List<Finding> findings,
        Dictionary<string, (Status, string, Attestation?)> reasons)
    {
        var verdict = new Verdict();
        var inScope = 0;
        foreach (var kind in control.Kinds)
        {
            foreach (var o in context.Inventory.OfKind(kind))
            {
                // Cluster-scoped objects are judged by all-namespace controls; PHI-scoped controls need a PHI namespace.
                var outOfScope = o.Namespace is not null || control.Scope == ControlScope.PhiNamespaces
                    ? !context.Scope.InScope(control.Scope, o.Namespace)
                    : false;
                if (!control.AppliesTo(o) || FilteredOut(nsFilter, o.Namespace) || outOfScope)
                {
                    continue;
                }

                inScope++;
                verdict.Reset();
                control.Check(o, context, verdict);
                Collect(control, o, verdict, findings);
            }
        }

        AddGaps(control, context, findings);
        if (inScope == 0)
        {
            reasons[control.Id] = (Status.NotApplicable, $"no {string.Join("/", control.Kinds)} in scope", null);
        }
    }

    private static void RunClusterControl(
        ClusterControl control,
        ControlContext context,
        HashSet<string>? nsFilter,
        List<Finding> findings,
        Dictionary<string, (Status, string, Attestation?)> reasons)
    {
        var verdict = new ClusterVerdict();
        control.Check(context, verdict);
        foreach (var outcome in verdict.Outcomes)
        {
            if (FilteredOut(nsFilter, outcome.Object?.Namespace))
            {
                continue;
            }

            findings.Add(new Finding
            {
                Control = control.Id,
                Severity = control.Severity,
                Status = outcome.Status,
                Object = outcome.Object?.Ref,
                Location = outcome.Object?.Source,
                Path = outcome.Path,
                Message = outcome.Message,
            });
        }

        if (verdict.NotAssessableReason is { } na)
        {
            reasons[control.Id] = (Status.NotAssessable, na, null);
        }
        else if (verdict.NotApplicableReason is { } nap)
        {
            reasons[control.Id] = (Status.NotApplicable, nap, null);
        }
    }

    private static void Collect(Control control, KubeObject o, Verdict verdict, List<Finding> findings)
    {
        if (verdict.Failures.Count > 0)
        {
            foreach (var (path, message) in verdict.Failures)
            {
                findings.Add(new Finding
                {
                    Control = control.Id,
                    Severity = control.Severity,
                    Status = Status.Fail,
                    Object = o.Ref,
                    Location = o.Source,
                    Path = path,
                    Message = message,
                });
            }

            return;
        }

        if (verdict.NotApplicableReason is not null && verdict.NotAssessableReason is null)
        {
            return;
        }

        findings.Add(new Finding
        {
            Control = control.Id,
            Severity = control.Severity,
            Status = verdict.NotAssessableReason is not null ? Status.NotAssessable : Status.Pass,
            Object = o.Ref,
            Location = o.Source,
            Message = verdict.NotAssessableReason ?? verdict.PassMessage ?? "passes",
        });
    }

    /// <summary>A kind the control reads that could not be listed makes the control not assessable there.</summary>
    private static void AddGaps(Control control, ControlContext context, List<Finding> findings)
    {
        foreach (var gap in context.Inventory.Gaps)
        {
            if (control.Kinds.Contains(gap.Kind, StringComparer.Ordinal))
            {
                findings.Add(new Finding
                {
                    Control = control.Id,
                    Severity = control.Severity,
                    Status = Status.NotAssessable,
                    Message = $"could not read {gap}",
                });
            }
        }
    }

    private static (Status, string, Attestation?) JudgeAttestation(ManualControl control, ControlContext context)
    {
        var attestation = context.Config.Attestations
            .Where(a => string.Equals(a.Item, control.Id, StringComparison.Ordinal))
            .OrderByDescending(a => a.Date)
            .FirstOrDefault();
        if (attestation is null)
        {
            return (Status.Manual, $"awaiting attestation: {control.EvidenceExpected}", null);
        }

        var today = DateOnly.FromDateTime(context.Now.UtcDateTime);
        if (attestation.EvidenceProblem is { } problem)
        {
            return (Status.Fail, $"attestation by {attestation.By} on {attestation.Date:yyyy-MM-dd} does not hold: {problem}", attestation);
        }

        if (attestation.Date > today)
        {
            return (Status.Fail, $"attestation by {attestation.By} is dated in the future ({attestation.Date:yyyy-MM-dd})", attestation);
        }

        var until = attestation.Expires ?? attestation.Date.AddDays(control.MaxAgeDays);
        if (today > until)
        {
            return (Status.Fail, $"attestation by {attestation.By} on {attestation.Date:yyyy-MM-dd} expired on {until:yyyy-MM-dd}", attestation);
        }

        return (Status.Pass, $"attested by {attestation.By} on {attestation.Date:yyyy-MM-dd}, valid until {until:yyyy-MM-dd}", attestation);
    }

    private static List<WaiverResult> ApplyWaivers(List<Finding> findings, PhiGuardConfig config, Inventory.Inventory inventory, DateTimeOffset now)
    {
        var results = new List<WaiverResult>(config.Waivers.Count);
        var matched = new int[config.Waivers.Count];
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (f.Status != Status.Fail)
            {
                continue;
            }

            var labels = f.Object is { } r ? inventory.Find(r.Kind, r.Namespace, r.Name)?.Labels : null;
            for (var w = 0; w < config.Waivers.Count; w++)
            {
                var waiver = config.Waivers[w];
                if (!string.Equals(waiver.Control, f.Control, StringComparison.Ordinal) || !waiver.Selector.Matches(f.Object, labels))
                {
                    continue;
                }

                matched[w]++;
                if (!waiver.IsExpired(now))
                {
                    findings[i] = f with { Status = Status.Waived, Waiver = waiver };
                    break;
                }
            }
        }

        for (var w = 0; w < config.Waivers.Count; w++)
        {
            var waiver = config.Waivers[w];
            var state = waiver.IsExpired(now) ? WaiverState.Expired : matched[w] > 0 ? WaiverState.Active : WaiverState.Unused;
            results.Add(new WaiverResult(waiver, state, matched[w]));
            if (state == WaiverState.Expired)
            {
                findings.Add(new Finding
                {
                    Control = waiver.Control,
                    Severity = Severity.High,
                    Status = Status.Fail,
                    Location = waiver.Source,
                    Path = $"waivers[{w}]",
                    Message = $"waiver for {waiver.Describe()} approved by {waiver.ApprovedBy} expired on {waiver.Expires:yyyy-MM-dd}; renew it with a new approval or fix the findings",
                });
            }
        }

        return results;
    }

    private static List<ControlResult> RollUpControls(
        IReadOnlyList<Control> selected,
        List<Finding> findings,
        Dictionary<string, (Status Status, string Reason, Attestation? Attestation)> reasons)
    {
        var byControl = findings.GroupBy(f => f.Control, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var results = new List<ControlResult>(selected.Count);
        foreach (var control in selected)
        {
            var list = byControl.TryGetValue(control.Id, out var l) ? l : [];
            int passed = 0, failed = 0, waived = 0, notAssessable = 0;
            foreach (var f in list)
            {
                switch (f.Status)
                {
                    case Status.Pass: passed++; break;
                    case Status.Fail: failed++; break;
                    case Status.Waived: waived++; break;
                    case Status.NotAssessable: notAssessable++; break;
                }
            }

            reasons.TryGetValue(control.Id, out var reason);
            Status status;
            string? why = reason.Reason;
            if (failed > 0)
            {
                status = Status.Fail;
            }
            else if (reason.Reason is not null && reason.Status is Status.NotAssessable or Status.Manual or Status.Fail or Status.Pass)
            {
                status = reason.Status;
            }
            else if (notAssessable > 0)
            {
                status = Status.NotAssessable;
                why = list.First(f => f.Status == Status.NotAssessable).Message;
            }
            else if (waived > 0)
            {
                status = Status.Waived;
            }
            else if (passed > 0)
            {
                status = Status.Pass;
                why = null;
            }
            else
            {
                status = Status.NotApplicable;
                why ??= "nothing in scope";
            }

            results.Add(new ControlResult
            {
                Control = control,
                Status = status,
                Reason = why,
                Passed = passed,
                Failed = failed,
                Waived = waived,
                NotAssessable = notAssessable,
                Attestation = reason.Attestation,
            });
        }

        return results;
    }

    private List<SafeguardResult> RollUpSafeguards(List<ControlResult> controlResults, Profile profile)
    {
        var byCitation = new Dictionary<string, List<ControlResult>>(StringComparer.Ordinal);
        foreach (var cr in controlResults)
        {
            var cites = profile.IncludesNprm ? cr.Control.Citations.Concat(cr.Control.NprmCitations) : cr.Control.Citations;
            foreach (var cite in cites.Distinct(StringComparer.Ordinal))
            {
                if (!byCitation.TryGetValue(cite, out var list))
                {
                    byCitation[cite] = list = [];
                }

                list.Add(cr);
            }
        }

        var safeguards = catalog.For(profile).ToList();
        var results = new List<SafeguardResult>(safeguards.Count);
        foreach (var s in safeguards)
        {
            var mapped = new List<ControlResult>();
            if (byCitation.TryGetValue(s.Citation, out var direct))
            {
                mapped.AddRange(direct);
            }

            if (s.Type == SafeguardType.Standard)
            {
                foreach (var child in safeguards.Where(c => c.Citation != s.Citation && c.Standard == s.Standard))
                {
                    if (byCitation.TryGetValue(child.Citation, out var childControls))
                    {
                        mapped.AddRange(childControls);
                    }
                }
            }

            var distinct = mapped.DistinctBy(c => c.Control.Id).ToList();
            results.Add(new SafeguardResult
            {
                Safeguard = s,
                Status = distinct.Select(c => c.Status).Worst(),
                Controls = distinct.Select(c => c.Control.Id).Order(StringComparer.Ordinal).ToArray(),
            });
        }

        return results;
    }

    private static double? Score(IEnumerable<ControlResult> results)
    {
        double total = 0, good = 0;
        foreach (var r in results)
        {
            if (r.Control.Shape == ControlShape.Manual || r.Status is not (Status.Pass or Status.Fail or Status.Waived))
            {
                continue;
            }

            var w = Weight(r.Control.Severity);
            total += w;
            if (r.Status != Status.Fail)
            {
                good += w;
            }
        }

        return total == 0 ? null : Math.Round(100 * good / total, 1);
    }

    private static double Weight(Severity s) => s switch
    {
        Severity.Critical => 10,
        Severity.High => 5,
        Severity.Medium => 2,
        _ => 1,
    };

    private static SortedDictionary<string, int> CountBy(IEnumerable<Status> statuses)
    {
        var d = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in statuses)
        {
            var k = s.ToWire();
            d[k] = d.TryGetValue(k, out var n) ? n + 1 : 1;
        }

        return d;
    }
}
