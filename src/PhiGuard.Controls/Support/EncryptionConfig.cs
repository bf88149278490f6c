using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>Reads an EncryptionConfiguration: which resource entry applies to a resource, as the API server picks it.</summary>
internal static class EncryptionConfig
{
    /// <summary>
    /// The first <c>resources[]</c> entry that covers <paramref name="resource"/> (<c>secrets</c>, or
    /// <c>widgets.example.com</c>) and its index: exact names, <c>*.</c> (every core resource), <c>*.group</c> and
    /// <c>*.*</c> count; the API server uses the first entry that lists the resource.
    /// </summary>
    public static (JsonElement Entry, int Index)? EntryFor(KubeObject config, string resource)
    {
        ArgumentNullException.ThrowIfNull(config);
        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        var group = dot < 0 ? string.Empty : resource[(dot + 1)..];
        var i = 0;
        foreach (var entry in config.Json.GetArray("resources"))
        {
            foreach (var r in entry.GetArray("resources"))
            {
                var name = r.GetString() ?? string.Empty;
                if (name == resource || name == "*.*" || (name == "*." && group.Length == 0) || (group.Length > 0 && name == "*." + group))
                {
                    return (entry, i);
                }
            }

            i++;
        }

        return null;
    }

    /// <summary>The provider type of a providers[] item (<c>kms</c>, <c>identity</c>, <c>aescbc</c>, …).</summary>
    public static string ProviderType(JsonElement provider) =>
        provider.ValueKind == JsonValueKind.Object
            ? provider.EnumerateObject().Select(p => p.Name).FirstOrDefault() ?? "(empty)"
            : "(invalid)";
}
