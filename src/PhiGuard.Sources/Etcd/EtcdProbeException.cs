namespace PhiGuard.Sources.Etcd;

/// <summary>etcd could not be read: unreachable, refused the request, or answered something that is not its gateway's JSON.</summary>
public sealed class EtcdProbeException : Exception
{
    public EtcdProbeException()
    {
    }

    public EtcdProbeException(string message)
        : base(message)
    {
    }

    public EtcdProbeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
