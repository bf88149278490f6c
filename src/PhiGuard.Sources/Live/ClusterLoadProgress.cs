namespace PhiGuard.Sources.Live;

/// <summary>
/// One progress report of a cluster load: the stage, the resource just finished (e.g. <c>deployments.apps</c>) and
/// the running counts. Carries names and counts only, never object content.
/// </summary>
public sealed record ClusterLoadProgress(
    ClusterLoadStage Stage,
    string? Resource,
    int ResourcesDone,
    int ResourcesTotal,
    int ObjectsInResource,
    long ObjectsLoaded);
