using PhiGuard.Core.Config;

namespace PhiGuard.Core.Engine;

/// <summary>
/// Which namespaces hold PHI: those labelled <c>phiguard.io/phi: "true"</c> plus those named in config; and which
/// namespaces belong to the platform (system namespaces).
/// </summary>
public sealed class PhiScope
{
    public const string PhiLabel = "phiguard.io/phi";
    public const string EnvironmentLabel = "phiguard.io/environment";

    private readonly HashSet<string> phi;
    private readonly HashSet<string> system;

    public PhiScope(Inventory.Inventory inventory, PhiGuardConfig config)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(config);
        system = new HashSet<string>(config.SystemNamespaces, StringComparer.Ordinal);
        phi = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ns in inventory.NamespaceObjects.Values)
        {
            if (ns.Labels.TryGetValue(PhiLabel, out var v) && v == "true")
            {
                phi.Add(ns.Name);
            }
        }

        foreach (var name in inventory.NamespaceNames)
        {
            if (config.PhiNamespaces.Any(p => WaiverSelector.Glob(p, name)))
            {
                phi.Add(name);
            }
        }

        PhiNamespaces = phi.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>PHI namespaces, sorted.</summary>
    public IReadOnlyList<string> PhiNamespaces { get; }

    public bool IsPhi(string? ns) => ns is not null && phi.Contains(ns);

    public bool IsSystem(string? ns) => ns is not null && system.Contains(ns);

    /// <summary>True when a workload or resource control of the given scope should judge an object in <paramref name="ns"/>.</summary>
    public bool InScope(ControlScope scope, string? ns) => scope switch
    {
        ControlScope.PhiNamespaces => IsPhi(ns),
        _ => !IsSystem(ns),
    };
}
