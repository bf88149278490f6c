using System.Globalization;

namespace PhiGuard.AuditTrail.Retention;

/// <summary>
/// How long audit events must be kept before they may be pruned: whole years (<c>6y</c>, the default: HIPAA's
/// six-year documentation retention, 45 CFR 164.316(b)(2)(i)) or days (<c>2190d</c>).
/// </summary>
public sealed record RetentionPeriod(int Years, int Days)
{
    public static readonly RetentionPeriod Default = new(6, 0);

    /// <summary>The newest instant that is already outside the period at <paramref name="now"/>.</summary>
    public DateTimeOffset Cutoff(DateTimeOffset now) => now.AddYears(-Years).AddDays(-Days);

    public override string ToString() => Years > 0 ? $"{Years}y" : $"{Days}d";

    public static RetentionPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 1 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            switch (text[^1])
            {
                case 'y' when n <= 100: return new RetentionPeriod(n, 0);
                case 'd' when n <= 36_600: return new RetentionPeriod(0, n);
                default: break;
            }
        }

        throw new FormatException($"retention '{text}': expected whole years (6y) or days (2190d)");
    }
}
