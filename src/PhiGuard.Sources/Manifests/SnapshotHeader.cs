using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// The <c>phiguardSnapshot</c> member of a snapshot file (a JSON <c>kind: List</c>): it says the items came from a
/// live cluster, which one, and which resource types could not be read, so an offline rescan judges like the live one.
/// </summary>
public sealed record SnapshotHeader
{
    /// <summary>The member name in the List object.</summary>
    public const string PropertyName = "phiguardSnapshot";

    /// <summary>The format version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Always <c>cluster</c> today: a snapshot records what a live read saw.</summary>
    public string Origin { get; init; } = "cluster";

    public string? Context { get; init; }

    public string? ServerVersion { get; init; }

    public string? ManagedProvider { get; init; }

    public IReadOnlyList<ResourceGap> Gaps { get; init; } = [];

    /// <summary>The cluster facts this header carries.</summary>
    public ClusterFacts ToFacts() =>
        new() { Context = Context, ServerVersion = ServerVersion, ManagedProvider = ManagedProvider };

    /// <summary>A header for a live read with these facts and gaps.</summary>
    public static SnapshotHeader From(ClusterFacts facts, IEnumerable<ResourceGap> gaps)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(gaps);
        return new SnapshotHeader
        {
            Context = facts.Context,
            ServerVersion = facts.ServerVersion,
            ManagedProvider = facts.ManagedProvider,
            Gaps = gaps.ToArray(),
        };
    }

    /// <summary>
    /// Writes the header object as a value (the caller writes <see cref="PropertyName"/> first). Gaps are sorted so
    /// identical reads give identical bytes.
    /// </summary>
    public void Write(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("version", Version);
        writer.WriteString("origin", Origin);
        WriteNullable(writer, "context", Context);
        WriteNullable(writer, "serverVersion", ServerVersion);
        WriteNullable(writer, "managedProvider", ManagedProvider);
        writer.WriteStartArray("gaps");
        foreach (var gap in Gaps.OrderBy(g => g.Group, StringComparer.Ordinal)
                     .ThenBy(g => g.Resource, StringComparer.Ordinal)
                     .ThenBy(g => g.Kind, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("group", gap.Group);
            writer.WriteString("resource", gap.Resource);
            writer.WriteString("kind", gap.Kind);
            writer.WriteString("reason", gap.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads a header written by <see cref="Write"/>; throws <see cref="FormatException"/> naming the bad member when
    /// the shape or version is wrong (the loader turns it into a load error).
    /// </summary>
    public static SnapshotHeader Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{PropertyName} must be an object");
        }

        if (!element.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version))
        {
            throw new FormatException($"{PropertyName}.version must be a number");
        }

        if (version != CurrentVersion)
        {
            throw new FormatException($"{PropertyName}.version {version} is not supported (this build reads version {CurrentVersion})");
        }

        var origin = OptionalString(element, "origin") ?? "cluster";
        if (!string.Equals(origin, "cluster", StringComparison.Ordinal))
        {
            throw new FormatException($"{PropertyName}.origin '{origin}' is not supported (expected 'cluster')");
        }

        var gaps = new List<ResourceGap>();
        if (element.TryGetProperty("gaps", out var g) && g.ValueKind != JsonValueKind.Null)
        {
            if (g.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{PropertyName}.gaps must be a list");
            }

            var i = 0;
            foreach (var item in g.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"{PropertyName}.gaps[{i}] must be an object");
                }

                gaps.Add(new ResourceGap(
                    OptionalString(item, "group") ?? string.Empty,
                    RequiredString(item, "resource", i),
                    OptionalString(item, "kind") ?? string.Empty,
                    OptionalString(item, "reason") ?? "not readable"));
                i++;
            }
        }

        return new SnapshotHeader
        {
            Version = version,
            Origin = origin,
            Context = OptionalString(element, "context"),
            ServerVersion = OptionalString(element, "serverVersion"),
            ManagedProvider = OptionalString(element, "managedProvider"),
            Gaps = gaps,
        };
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string? OptionalString(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : throw new FormatException($"{PropertyName}.{name} must be a string");
    }

    private static string RequiredString(JsonElement e, string name, int index) =>
        OptionalString(e, name) is { Length: > 0 } s
            ? s
            : throw new FormatException($"{PropertyName}.gaps[{index}].{name} is required");
}
