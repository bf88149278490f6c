using System.Buffers;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Live;

/// <summary>
/// Writes what a live load read as one <c>kind: List</c> JSON document with a <c>phiguardSnapshot</c> header, so
/// the same scan can run offline; items are sorted (group, kind, namespace, name), one per line, and redacted again
/// on the way out (no managedFields, Secrets without values or the last-applied annotation).
/// </summary>
public static class SnapshotWriter
{
    /// <summary>The snapshot format version written in <c>phiguardSnapshot.version</c>.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions HeaderOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions ItemOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the snapshot to <paramref name="output"/> (left open), gzip-compressed when asked.</summary>
    public static void Write(LiveLoadResult result, Stream output, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        if (gzip)
        {
            // GZipStream writes no timestamp or file name, so equal snapshots compress to equal bytes.
            using var compressed = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
            WriteJson(result, compressed);
        }
        else
        {
            WriteJson(result, output);
        }
    }

    /// <summary>
    /// Writes the snapshot to a file, gzip-compressed when the path ends in <c>.gz</c>. The file appears complete or
    /// not at all (written beside it, then moved into place).
    /// </summary>
    public static void WriteFile(LiveLoadResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(result, file, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void WriteJson(LiveLoadResult result, Stream output)
    {
        var inventory = result.Inventory;
        var facts = inventory.Facts;

        // The header is written by the JSON writer (indented); the root object is left open, and the items are
        // appended compact, one per line, which the writer cannot lay out by itself.
        using (var writer = new Utf8JsonWriter(output, HeaderOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", "v1");
            writer.WriteString("kind", "List");
            writer.WriteStartObject("metadata");
            writer.WriteEndObject();

            writer.WriteStartObject("phiguardSnapshot");
            writer.WriteNumber("version", FormatVersion);
            writer.WriteString("origin", "cluster");
            WriteNullableString(writer, "context", facts.Context);
            WriteNullableString(writer, "serverVersion", facts.ServerVersion);
            WriteNullableString(writer, "managedProvider", facts.ManagedProvider);
            writer.WriteStartArray("gaps");
            foreach (var gap in inventory.Gaps.OrderBy(g => g.Group, StringComparer.Ordinal).ThenBy(g => g.Resource, StringComparer.Ordinal))
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
            writer.Flush();
        }

        output.Write(",\n  \"items\": ["u8);
        var items = inventory.Objects.ToArray();
        Array.Sort(items, SnapshotOrder.Compare);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using var itemWriter = new Utf8JsonWriter(buffer, ItemOptions);
        for (var i = 0; i < items.Length; i++)
        {
            buffer.ResetWrittenCount();
            itemWriter.Reset(buffer);
            ObjectRedactor.Write(itemWriter, items[i].Json, items[i].ApiVersion, items[i].Kind, IsSecret(items[i]));
            itemWriter.Flush();
            output.Write(i == 0 ? "\n    "u8 : ",\n    "u8);
            output.Write(buffer.WrittenSpan);
        }

        output.Write(items.Length == 0 ? "]\n}\n"u8 : "\n  ]\n}\n"u8);
    }

    private static bool IsSecret(KubeObject o) => o.Group.Length == 0 && o.Kind == "Secret";

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
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
}
