using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// One admission policy that enforces some of the <see cref="PolicyRequirement"/>s: which engine runs it, the
/// namespaces it acts in (with the reason when not), and its mode per namespace (deny/Enforce or only audit/warn).
/// </summary>
internal sealed record AdmissionPolicy
{
    public required PolicyEngine Engine { get; init; }

    /// <summary>The object that states the policy (a Kyverno policy, a constraint, a binding, a Namespace for PSA).</summary>
    public required KubeObject Object { get; init; }

    /// <summary>"Gatekeeper K8sPSPReadOnlyRootFilesystem psp-readonlyrootfilesystem", for messages.</summary>
    public required string Describe { get; init; }

    public required PolicyRequirement Requires { get; init; }

    /// <summary>Whether the policy acts on pods in a namespace (name, labels).</summary>
    public required Func<string, IReadOnlyDictionary<string, string>, bool> Covers { get; init; }

    /// <summary>The policy's mode in a namespace, as its engine spells it (Enforce, Audit, deny, dryrun, Deny, …).</summary>
    public required Func<string, string> ModeIn { get; init; }

    public required Func<string, bool> Refuses { get; init; }
}
