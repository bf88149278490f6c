using PhiGuard.Core.Config;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Support;

/// <summary>
/// Reads a <c>phiguard.yaml</c> attestation that stands in for an automated check a control cannot make (the same
/// validity rules as manual items: not dated in the future, evidence intact, within its expiry or maximum age).
/// </summary>
internal static class ControlAttestation
{
    /// <summary>
    /// The newest attestation for <paramref name="item"/>: Valid true with a message when it holds, false with the
    /// reason when it does not; Attestation null when there is none.
    /// </summary>
    public static (Attestation? Attestation, bool Valid, string Message) Judge(ControlContext context, string item, int maxAgeDays)
    {
        ArgumentNullException.ThrowIfNull(context);
        var attestation = context.Config.Attestations
            .Where(a => string.Equals(a.Item, item, StringComparison.Ordinal))
            .OrderByDescending(a => a.Date)
            .FirstOrDefault();
        if (attestation is null)
        {
            return (null, false, $"no attestation '{item}' in phiguard.yaml");
        }

        var today = DateOnly.FromDateTime(context.Now.UtcDateTime);
        var until = attestation.Expires ?? attestation.Date.AddDays(maxAgeDays);
        if (attestation.EvidenceProblem is { } problem)
        {
            return (attestation, false, $"attestation '{item}' by {attestation.By} on {attestation.Date:yyyy-MM-dd} does not hold: {problem}");
        }

        if (attestation.Date > today)
        {
            return (attestation, false, $"attestation '{item}' by {attestation.By} is dated in the future ({attestation.Date:yyyy-MM-dd})");
        }

        if (today > until)
        {
            return (attestation, false, $"attestation '{item}' by {attestation.By} on {attestation.Date:yyyy-MM-dd} expired on {until:yyyy-MM-dd}");
        }

        return (attestation, true, $"attested ('{item}') by {attestation.By} on {attestation.Date:yyyy-MM-dd}, valid until {until:yyyy-MM-dd}");
    }
}
