namespace PhiGuard.Core.Analysis.ControlPlane;

/// <summary>One upstream minor release line: its end-of-life date and the newest patch the release table knows.</summary>
public sealed record KubernetesRelease(int Minor, DateOnly EndOfLife, int? LatestPatch, DateOnly? LatestPatchDate)
{
    public override string ToString() => $"1.{Minor}";
}
