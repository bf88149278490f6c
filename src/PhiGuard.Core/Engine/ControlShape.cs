namespace PhiGuard.Core.Engine;

/// <summary>
/// The four shapes of control. Admission runs exactly the workload and resource shapes; that follows from the
/// shape, never from a list.
/// </summary>
public enum ControlShape
{
    /// <summary>Judges one pod template (Pod, Deployment, CronJob, …).</summary>
    Workload,

    /// <summary>Judges one object of the kinds it names.</summary>
    Resource,

    /// <summary>Judges the whole inventory (and the analysers).</summary>
    Cluster,

    /// <summary>Attested by a person.</summary>
    Manual,
}

/// <summary>What kind of evidence decides a control.</summary>
public enum EvidenceKind
{
    Automated,
    Attestation,
    Document,
}

/// <summary>Which objects a workload or resource control looks at.</summary>
public enum ControlScope
{
    /// <summary>Objects in PHI namespaces only.</summary>
    PhiNamespaces,

    /// <summary>Objects in every non-system namespace, and cluster-scoped objects.</summary>
    AllNamespaces,
}
