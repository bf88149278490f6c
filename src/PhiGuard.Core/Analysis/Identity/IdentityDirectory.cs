using System.Globalization;
using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.Identity;

/// <summary>
/// An identity provider's users and groups as exported (JSON: <c>users[]</c>, <c>groups[]</c>, each with <c>name</c>,
/// <c>active</c> and optional <c>lastSeen</c>), to compare RBAC subjects with the directory.
/// </summary>
public sealed class IdentityDirectory
{
    private readonly Dictionary<string, DirectoryEntry> users;
    private readonly Dictionary<string, DirectoryEntry> groups;

    private IdentityDirectory(Dictionary<string, DirectoryEntry> users, Dictionary<string, DirectoryEntry> groups)
    {
        this.users = users;
        this.groups = groups;
    }

    public DirectoryEntry? User(string name) => users.GetValueOrDefault(name);

    public DirectoryEntry? Group(string name) => groups.GetValueOrDefault(name);

    /// <summary>Reads an export file; returns null with a message naming the file and what is wrong.</summary>
    public static IdentityDirectory? TryLoad(string path, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"{path}: an identity export is an object with users[] and groups[]";
                return null;
            }

            var u = Read(root, "users", path, ref error);
            var g = Read(root, "groups", path, ref error);
            return error is null ? new IdentityDirectory(u, g) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            error = $"{path}: cannot read identity export: {ex.Message}";
            return null;
        }
    }

    private static Dictionary<string, DirectoryEntry> Read(JsonElement root, string list, string path, ref string? error)
    {
        var result = new Dictionary<string, DirectoryEntry>(StringComparer.Ordinal);
        var i = 0;
        foreach (var e in root.GetArray(list))
        {
            var name = e.GetString("name");
            if (string.IsNullOrEmpty(name))
            {
                error ??= $"{path}: {list}[{i}] has no name";
                i++;
                continue;
            }

            DateTimeOffset? lastSeen = null;
            if (e.GetString("lastSeen") is { } seen)
            {
                if (!DateTimeOffset.TryParse(seen, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                {
                    error ??= $"{path}: {list}[{i}].lastSeen '{seen}' is not an RFC 3339 time";
                }
                else
                {
                    lastSeen = t;
                }
            }

            result[name] = new DirectoryEntry(name, e.GetBool("active") ?? true, lastSeen);
            i++;
        }

        return result;
    }
}
