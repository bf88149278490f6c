namespace PhiGuard.Testing;

/// <summary>One request the fake API server received, as tests need to see it (never the token itself).</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Accept, bool Authenticated, int Status)
{
    /// <summary>The value of one query parameter, or null.</summary>
    public string? QueryValue(string name)
    {
        foreach (var part in Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            if (key == name)
            {
                return eq < 0 ? string.Empty : Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        return null;
    }
}
