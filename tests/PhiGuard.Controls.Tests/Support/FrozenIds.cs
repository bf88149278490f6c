namespace PhiGuard.Controls.Tests.Support;

/// <summary>One row of Data/frozen-control-ids.tsv: a control id as CONTROLS.md specifies it.</summary>
internal sealed record FrozenId(string Id, string Number, string Severity, string Evidence, IReadOnlyList<string> Requirements)
{
    public static IReadOnlyList<FrozenId> All { get; } = Load();

    public bool IsManualItem => Number == "-";

    /// <summary>An id minted by an issue after CONTROLS.md (number column <c>issueN</c>), frozen the same way.</summary>
    public bool IsAddedByIssue => Number.StartsWith("issue", StringComparison.Ordinal);

    private static List<FrozenId> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "frozen-control-ids.tsv");
        return File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("id\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t'))
            .Select(c => new FrozenId(c[0], c[1], c[2], c[3], c[4] == "-" ? [] : c[4].Split(' ')))
            .ToList();
    }
}
