namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>Collects the offenders one check finds, then turns them into one failure (or none).</summary>
internal sealed class Failures
{
    private readonly List<string> offenders = [];
    private readonly List<string> paths = [];

    public void Add(string offender, string path)
    {
        offenders.Add(offender);
        paths.Add(path);
    }

    public CheckFailure? ToFailure(string reason, string detailPrefix) =>
        offenders.Count == 0 ? null : new CheckFailure(reason, detailPrefix + string.Join(", ", offenders), paths.ToArray());
}
