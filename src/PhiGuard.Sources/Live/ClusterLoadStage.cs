namespace PhiGuard.Sources.Live;

/// <summary>The phase a cluster load is in, for progress displays.</summary>
public enum ClusterLoadStage
{
    Connecting,
    Discovering,
    Listing,
    Done,
}
