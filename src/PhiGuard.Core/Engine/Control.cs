using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Engine;

/// <summary>
/// A control: one check whose metadata (frozen id, title, severity, HIPAA citations, rationale, remediation) stands
/// beside its logic. Controls are found by reflection; adding one touches its class and its fixtures only.
/// </summary>
public abstract class Control
{
    /// <summary>The frozen kebab-case id from CONTROLS.md; the key in config, waivers, SARIF and JUnit.</summary>
    public abstract string Id { get; }

    public abstract string Title { get; }

    public abstract Severity Severity { get; }

    /// <summary>Current-rule citations this control evidences, e.g. <c>164.312(a)(1)</c>.</summary>
    public abstract IReadOnlyList<string> Citations { get; }

    /// <summary>Citations of the 2025 proposed rule, used by the <c>hipaa-nprm-2025</c> profile.</summary>
    public virtual IReadOnlyList<string> NprmCitations => [];

    /// <summary>NIST SP 800-66r2 key activity ids (<c>hipaa-001</c> …) the control gives evidence for.</summary>
    public virtual IReadOnlyList<string> KeyActivities => [];

    /// <summary>The REQUIREMENTS.md rows (S1 … S44) the control serves.</summary>
    public virtual IReadOnlyList<string> Requirements => [];

    /// <summary>Why the control matters for ePHI, in a sentence or two.</summary>
    public abstract string Rationale { get; }

    /// <summary>What to change to pass, concrete enough to act on.</summary>
    public abstract string Remediation { get; }

    /// <summary>Decisions taken where the specification was silent or ambiguous.</summary>
    public virtual string? Remarks => null;

    public abstract ControlShape Shape { get; }

    public virtual EvidenceKind Evidence => EvidenceKind.Automated;

    /// <summary>The kinds the control reads, for documentation and admission routing.</summary>
    public virtual IReadOnlyList<string> Kinds => [];

    public override string ToString() => Id;
}

/// <summary>A control over one pod template; runs in scans and at admission.</summary>
public abstract class WorkloadControl : Control
{
    public sealed override ControlShape Shape => ControlShape.Workload;

    public virtual ControlScope Scope => ControlScope.PhiNamespaces;

    public override IReadOnlyList<string> Kinds =>
        ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"];

    /// <summary>Records failures on <paramref name="verdict"/>; a workload with no failure passes.</summary>
    public abstract void Check(Workload workload, ControlContext context, Verdict verdict);
}

/// <summary>A control over one object of the kinds it names; runs in scans and at admission.</summary>
public abstract class ResourceControl : Control
{
    public sealed override ControlShape Shape => ControlShape.Resource;

    public virtual ControlScope Scope => ControlScope.AllNamespaces;

    /// <summary>True for objects this control judges (by default: kind is one of <see cref="Control.Kinds"/>).</summary>
    public virtual bool AppliesTo(KubeObject obj) => Kinds.Contains(obj.Kind, StringComparer.Ordinal);

    /// <summary>Records failures on <paramref name="verdict"/>; an object with no failure passes.</summary>
    public abstract void Check(KubeObject obj, ControlContext context, Verdict verdict);
}

/// <summary>A control over the whole inventory (and the analysers); runs in scans only.</summary>
public abstract class ClusterControl : Control
{
    public sealed override ControlShape Shape => ControlShape.Cluster;

    public abstract void Check(ControlContext context, ClusterVerdict verdict);
}

/// <summary>
/// Something only a person can confirm (a BAA signed, training done, a DR plan approved). Shows as manual until
/// an attestation in <c>phiguard.yaml</c> covers it; an attestation older than <see cref="MaxAgeDays"/> fails.
/// </summary>
public abstract class ManualControl : Control
{
    public sealed override ControlShape Shape => ControlShape.Manual;

    public override Severity Severity => Severity.Medium;

    public override string Rationale => EvidenceExpected;

    public override string Remediation =>
        $"Record the evidence and attest it in phiguard.yaml: attestations: [{{item: {Id}, by: <name>, date: <yyyy-mm-dd>, link: <url> | file: <path>}}].";

    /// <summary>The evidence an auditor expects to see.</summary>
    public abstract string EvidenceExpected { get; }

    /// <summary>How old an attestation may be before it no longer counts (default 12 months).</summary>
    public virtual int MaxAgeDays => 365;
}
