namespace PhiGuard.Core.Config;

/// <summary>
/// The settings of <c>phiguard.yaml</c>: PHI namespaces, profile, allow-lists, thresholds, waivers and
/// attestations. Parsed by PhiGuard.Sources; the engine only reads it.
/// </summary>
public sealed record PhiGuardConfig
{
    // Declared before Default: static initializers run in textual order, and Default's SystemNamespaces reads it.
    public static IReadOnlyList<string> DefaultSystemNamespaces { get; } =
        ["kube-system", "kube-public", "kube-node-lease"];

    /// <summary>The minimal, image-based node OSes CONTROLS.md names for node-os-approved (osImage prefixes).</summary>
    public static IReadOnlyList<string> DefaultApprovedNodeOs { get; } =
        ["Bottlerocket", "Flatcar Container Linux", "Container-Optimized OS", "Talos", "Red Hat Enterprise Linux CoreOS", "Amazon Linux 2023"];

    public static PhiGuardConfig Default { get; } = new();

    /// <summary>The file it was read from, for messages; null for defaults.</summary>
    public string? Path { get; init; }

    /// <summary>Profile id (<c>hipaa</c> unless set).</summary>
    public string? Profile { get; init; }

    /// <summary>Namespaces that hold PHI in addition to those labelled <c>phiguard.io/phi: "true"</c>.</summary>
    public IReadOnlyList<string> PhiNamespaces { get; init; } = [];

    /// <summary>Namespaces that belong to the platform, not to workloads (scope-label checks skip them).</summary>
    public IReadOnlyList<string> SystemNamespaces { get; init; } = DefaultSystemNamespaces;

    /// <summary>Registries PHI images may come from (used by later image controls).</summary>
    public IReadOnlyList<string> ApprovedRegistries { get; init; } = [];

    /// <summary>Subjects allowed to hold cluster-admin: the break-glass groups and enumerated system components.</summary>
    public IReadOnlyList<SubjectRef> ClusterAdminAllowList { get; init; } = [];

    /// <summary>RBAC allow-lists and exceptions (the <c>rbac:</c> section).</summary>
    public RbacSettings Rbac { get; init; } = RbacSettings.Default;

    /// <summary>Named numeric thresholds that override a control's default (<c>maxNodeAgeDays: 30</c>).</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<Waiver> Waivers { get; init; } = [];

    /// <summary>Workloads outside PHI namespaces that may reach PHI workloads (ingress controller, monitoring).</summary>
    public IReadOnlyList<NetworkEntryPoint> NetworkEntryPoints { get; init; } = [];

    public IReadOnlyList<Attestation> Attestations { get; init; } = [];

    /// <summary>Approved node OS images: a Node's <c>nodeInfo.osImage</c> must start with one (case-insensitive).</summary>
    public IReadOnlyList<string> ApprovedNodeOs { get; init; } = DefaultApprovedNodeOs;

    /// <summary>Approved kernels (prefixes of <c>nodeInfo.kernelVersion</c>) that let a node older than maxNodeAgeDays pass.</summary>
    public IReadOnlyList<string> ApprovedKernels { get; init; } = [];

    /// <summary>What the admission webhook does where no namespace label says, and its image-signature rules.</summary>
    public AdmissionSettings Admission { get; init; } = AdmissionSettings.Default;

    /// <summary>
    /// True when policy requires FIPS 140-validated cryptography for PHI (<c>fipsRequired</c>); off by default, which
    /// makes <c>fips-crypto-where-required</c> not applicable.
    /// </summary>
    public bool FipsRequired { get; init; }

    /// <summary>
    /// The approved FIPS-validated image build set (<c>fipsImages</c>): registry hosts or <c>host/path</c> prefixes
    /// PHI images must come from when <see cref="FipsRequired"/> is set.
    /// </summary>
    public IReadOnlyList<string> FipsImages { get; init; } = [];

    /// <summary>
    /// The audit trail's retention period (<c>auditRetention</c>: whole years such as <c>6y</c>, or days such as
    /// <c>2190d</c>); null means the default of 6 years. <c>phiguard audit prune</c> removes nothing younger.
    /// </summary>
    public string? AuditRetention { get; init; }

    public double Threshold(string name, double fallback) =>
        Thresholds.TryGetValue(name, out var v) ? v : fallback;
}

/// <summary>An RBAC subject: kind (User, Group, ServiceAccount), name, and namespace for service accounts.</summary>
public sealed record SubjectRef(string Kind, string Name, string? Namespace = null)
{
    public override string ToString() => Namespace is null ? $"{Kind}:{Name}" : $"{Kind}:{Namespace}:{Name}";
}
