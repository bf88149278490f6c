namespace PhiGuard.Sources.Node.Collect;

/// <summary>What <see cref="NodeCollector"/> wrote: the snapshot folder, the node's name and every file decision.</summary>
public sealed record NodeCollectResult(string Output, string Node, IReadOnlyList<CollectedFile> Files)
{
    public int Count(string action) => Files.Count(f => f.Action == action);
}
