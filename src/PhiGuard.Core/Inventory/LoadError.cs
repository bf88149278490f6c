namespace PhiGuard.Core.Inventory;

/// <summary>An input that could not be loaded: names the file, line and column and what is wrong.</summary>
public sealed record LoadError(string Source, int Line, int Column, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"{Source}:{Line}:{Column}: {Message}" : $"{Source}: {Message}";
}
