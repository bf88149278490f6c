using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>The nodes an inventory knows (Node objects and node snapshots) and the collected facts of each, by node name.</summary>
internal sealed class NodeFactSet
{
    private readonly Dictionary<string, (KubeObject Snapshot, NodeFacts? Facts)> byName = new(StringComparer.Ordinal);

    public NodeFactSet(ControlPlaneView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        foreach (var s in view.NodeSnapshots)
        {
            var facts = NodeFacts.Of(s);
            byName[facts?.Node ?? s.Name] = (s, facts);
        }

        Nodes = view.Inventory.OfKind("", "Node").ToDictionary(n => n.Name, StringComparer.Ordinal);
        Names = Nodes.Keys.Concat(byName.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every node name, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Node objects by name.</summary>
    public IReadOnlyDictionary<string, KubeObject> Nodes { get; }

    /// <summary>The snapshot of a node and its facts (null when the snapshot has none), or null when no snapshot names it.</summary>
    public (KubeObject Snapshot, NodeFacts? Facts)? Of(string node) => byName.TryGetValue(node, out var v) ? v : null;

    /// <summary>The object a finding about a node is reported on: its snapshot when there is one, else its Node.</summary>
    public KubeObject? ObjectOf(string node) => Of(node)?.Snapshot ?? Nodes.GetValueOrDefault(node);
}
