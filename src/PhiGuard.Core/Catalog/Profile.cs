namespace PhiGuard.Core.Catalog;

/// <summary>
/// A rule set the scan is judged against: <c>hipaa</c> (the current Security Rule, default) or
/// <c>hipaa-nprm-2025</c> (the January 2025 proposed rule, opt-in). Selects the citations reported and the
/// thresholds controls use.
/// </summary>
public sealed record Profile(string Id, string Title, bool IncludesNprm)
{
    public static Profile Hipaa { get; } = new("hipaa", "HIPAA Security Rule (45 CFR 164 Subpart C, current text)", false);

    public static Profile HipaaNprm2025 { get; } =
        new("hipaa-nprm-2025", "HIPAA Security Rule NPRM (90 FR 898, January 2025; proposed, not final)", true);

    public static IReadOnlyList<Profile> All { get; } = [Hipaa, HipaaNprm2025];

    public static Profile? Find(string id) =>
        All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>A threshold that differs between profiles: the NPRM value when this profile includes the NPRM.</summary>
    public T Pick<T>(T current, T nprm) => IncludesNprm ? nprm : current;
}
