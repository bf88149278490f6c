namespace PhiGuard.Sources.Node.Collect;

/// <summary>The collector cannot start: the root is missing or the output folder is not empty.</summary>
public sealed class NodeCollectException : Exception
{
    public NodeCollectException()
    {
    }

    public NodeCollectException(string message)
        : base(message)
    {
    }

    public NodeCollectException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
