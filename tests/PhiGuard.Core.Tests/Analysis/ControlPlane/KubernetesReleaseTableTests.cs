using PhiGuard.Core.Analysis.ControlPlane;

namespace PhiGuard.Core.Tests.Analysis.ControlPlane;

/// <summary>The embedded release table: dated, sourced, covering 1.29 to 1.37 with the EOL dates CONTROLS.md names.</summary>
public sealed class KubernetesReleaseTableTests
{
    private static readonly KubernetesReleaseTable Table = KubernetesReleaseTable.Default;

    [Fact]
    public void Embedded_table_is_dated_and_sourced()
    {
        Assert.Equal(new DateOnly(2026, 9, 15), Table.AsOf);
        Assert.Contains("kubernetes.io/releases", Table.Source, StringComparison.Ordinal);
        Assert.Equal("release table as of 2026-09-15", Table.Label);
    }

    [Fact]
    public void Covers_minors_1_29_to_1_37_newest_first()
    {
        Assert.Equal(Enumerable.Range(29, 9).Reverse(), Table.Releases.Select(r => r.Minor));
        Assert.Equal(29, Table.OldestMinor);
        Assert.Equal(37, Table.NewestMinor);
    }

    [Theory]
    [InlineData(35, "2027-02-28")]
    [InlineData(36, "2027-06-28")]
    [InlineData(37, "2027-10-28")]
    public void End_of_life_dates_agree_with_the_control_specification(int minor, string eol)
    {
        Assert.Equal(DateOnly.Parse(eol, System.Globalization.CultureInfo.InvariantCulture), Table.Find(minor)!.EndOfLife);
    }

    [Fact]
    public void Latest_patch_is_of_its_own_minor_and_not_after_the_table_date()
    {
        foreach (var r in Table.Releases.Where(r => r.LatestPatchDate is not null))
        {
            Assert.NotNull(r.LatestPatch);
            Assert.True(r.LatestPatchDate <= Table.AsOf, $"1.{r.Minor}");
        }
    }

    [Fact]
    public void Unknown_minor_is_not_found()
    {
        Assert.Null(Table.Find(38));
        Assert.Null(Table.Find(28));
    }

    [Theory]
    [InlineData("""{"source": "x", "minors": [{"minor": "1.35", "endOfLife": "2027-02-28"}]}""", "asOf")]
    [InlineData("""{"asOf": "2026-09-15", "source": "x", "minors": [{"minor": "1.35"}]}""", "endOfLife")]
    [InlineData("""{"asOf": "2026-09-15", "source": "x", "minors": [{"minor": "1.35", "endOfLife": "2027-02-28", "latestPatch": "1.34.2"}]}""", "latestPatch")]
    [InlineData("""{"asOf": "2026-09-15", "source": "x", "minors": []}""", "no minors")]
    public void Bad_table_is_refused_with_the_reason(string json, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => KubernetesReleaseTable.Parse(json));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
