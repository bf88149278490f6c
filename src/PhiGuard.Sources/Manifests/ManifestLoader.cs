using System.IO.Compression;
using System.Text;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// Loads Kubernetes objects from files, folders (recursive, sorted) and stdin (<c>-</c>): multi-document YAML,
/// JSON, every <c>*List</c>, kubectl dumps and PhiGuard snapshots, gzip allowed. Each object keeps its file, line
/// and column. Bad input becomes a <see cref="LoadError"/> naming file, line and column; the rest still loads.
/// </summary>
public sealed class ManifestLoader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json", ".yaml.gz", ".yml.gz", ".json.gz"];
    private readonly LoaderLimits limits;

    public ManifestLoader(LoaderLimits? limits = null)
    {
        this.limits = limits ?? LoaderLimits.Default;
        this.limits.Validate();
    }

    /// <summary>
    /// Loads every path in order: a file, a folder (its <c>.yaml</c>, <c>.yml</c>, <c>.json</c> files, optionally
    /// <c>.gz</c>, recursively, in ordinal order, hidden entries and <c>phiguard.yaml</c> skipped), or <c>-</c> for <paramref name="stdin"/>
    /// (the console's standard input when null). Never throws for bad input; honours cancellation.
    /// </summary>
    public LoadResult Load(IEnumerable<string> paths, TextReader? stdin = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var inputs = paths.ToArray();
        var sink = new LoadSink(limits);
        using var yaml = new YamlStreamLoader(limits);
        try
        {
            foreach (var path in inputs)
            {
                ct.ThrowIfCancellationRequested();
                if (path == "-")
                {
                    LoadStdin(stdin ?? Console.In, sink, yaml, ct);
                }
                else if (Directory.Exists(path))
                {
                    var files = EnumerateFolder(path);
                    if (files.Count == 0)
                    {
                        sink.Error(path, 0, 0, "no manifest files (.yaml, .yml, .json, optionally .gz) in this folder");
                    }

                    foreach (var file in files)
                    {
                        LoadFile(file, sink, yaml, ct);
                    }
                }
                else if (File.Exists(path))
                {
                    LoadFile(path, sink, yaml, ct);
                }
                else
                {
                    sink.Error(path, 0, 0, "no such file or folder");
                }
            }
        }
        catch (LoadAbortedException ex)
        {
            sink.Error(inputs.Length == 1 ? inputs[0] : "input", 0, 0, ex.Message);
        }

        return sink.ToResult(inputs);
    }

    /// <summary>Loads text held in memory (an admission request, a test) as if read from a file named <paramref name="name"/>.</summary>
    public LoadResult LoadText(string name, string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        var sink = new LoadSink(limits);
        using var yaml = new YamlStreamLoader(limits);
        try
        {
            LoadString(name, text, sink, yaml, ct);
        }
        catch (LoadAbortedException ex)
        {
            sink.Error(name, 0, 0, ex.Message);
        }

        return sink.ToResult([name]);
    }

    internal static bool IsManifestFile(string path)
    {
        foreach (var ext in Extensions)
        {
            if (path.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    internal static bool IsJsonName(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase);

    internal static bool IsYamlName(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".yaml.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml.gz", StringComparison.OrdinalIgnoreCase);

    private static List<string> EnumerateFolder(string root)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                // Hidden entries (.git, .helm caches) are not manifests; linked folders could loop.
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }

                if (entry is DirectoryInfo sub)
                {
                    if (!sub.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    {
                        pending.Push(Path.Combine(dir, sub.Name));
                    }
                }
                else if (IsManifestFile(entry.Name) &&
                         !Config.ConfigLoader.FileNames.Contains(entry.Name, StringComparer.Ordinal))
                {
                    // phiguard.yaml beside the manifests is PhiGuard's settings, not a Kubernetes object.
                    files.Add(Path.Combine(dir, entry.Name));
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private void LoadFile(string path, LoadSink sink, YamlStreamLoader yaml, CancellationToken ct)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > limits.MaxFileBytes)
            {
                sink.Error(path, 0, 0, $"file is larger than the {Sizes.Format(limits.MaxFileBytes)} limit");
                return;
            }

            // Named .yaml/.yml/.json files are taken at their word; anything else is sniffed for gzip.
            var gzip = IsGzip(path) || (!IsJsonName(path) && !IsYamlName(path) && HasGzipMagic(path));
            if (IsJsonName(path) || (!IsYamlName(path) && SniffJson(path, gzip)))
            {
                var (bytes, count) = ReadAllBytes(path, gzip);
                if (JsonManifestReader.Load(bytes, count, path, sink, limits, quiet: !IsJsonName(path), ct))
                {
                    return;
                }
            }

            yaml.Load(() => OpenTextRaw(path, gzip), path, sink, ct);
        }
        catch (DocumentException ex)
        {
            sink.Error(path, ex.Line, ex.Column, ex.Message);
        }
        catch (InvalidDataException)
        {
            sink.Error(path, 0, 0, "not a valid gzip file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            sink.Error(path, 0, 0, $"cannot read: {ex.Message}");
        }
    }

    private void LoadStdin(TextReader stdin, LoadSink sink, YamlStreamLoader yaml, CancellationToken ct)
    {
        // Stdin cannot be reopened to resynchronise after an error, so it is held in memory (bounded).
        var buffer = new StringBuilder();
        var chunk = new char[64 * 1024];
        int n;
        while ((n = stdin.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + (long)n > limits.MaxFileBytes || buffer.Length + (long)n > int.MaxValue / 2)
            {
                sink.Error("-", 0, 0, $"standard input is larger than the {Sizes.Format(Math.Min(limits.MaxFileBytes, int.MaxValue / 2))} limit");
                return;
            }

            buffer.Append(chunk, 0, n);
        }

        LoadString("-", buffer.ToString(), sink, yaml, ct);
    }

    private void LoadString(string name, string text, LoadSink sink, YamlStreamLoader yaml, CancellationToken ct)
    {
        var first = text.AsSpan().TrimStart();
        if (first.Length > 0 && first[0] is '{' or '[')
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (JsonManifestReader.Load(bytes, bytes.Length, name, sink, limits, quiet: true, ct))
            {
                return;
            }
        }

        try
        {
            yaml.Load(() => new StringReader(text), name, sink, ct);
        }
        catch (DocumentException ex)
        {
            sink.Error(name, ex.Line, ex.Column, ex.Message);
        }
    }

    private static bool HasGzipMagic(string path)
    {
        using var f = File.OpenRead(path);
        return f.ReadByte() == 0x1f && f.ReadByte() == 0x8b;
    }

    private static bool SniffJson(string path, bool gzip)
    {
        using var reader = OpenTextRaw(path, gzip);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (!char.IsWhiteSpace((char)c) && c != '\uFEFF')
            {
                return c is '{' or '[';
            }
        }

        return false;
    }

    private static StreamReader OpenTextRaw(string path, bool gzip)
    {
        // Small buffers on purpose: 64 KiB ones land on the large object heap and force a gen-2 GC per few files.
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16 * 1024, FileOptions.SequentialScan);
        if (gzip)
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 8 * 1024);
    }

    private (byte[] Bytes, int Length) ReadAllBytes(string path, bool gzip)
    {
        if (!gzip)
        {
            var all = File.ReadAllBytes(path);
            return (all, all.Length);
        }

        using var file = File.OpenRead(path);
        using var stream = new GZipStream(file, CompressionMode.Decompress);
        var limit = Math.Min(limits.MaxFileBytes, Array.MaxLength);
        var buffer = new byte[(int)Math.Min(Math.Max(file.Length * 4, 64 * 1024), limit)];
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                if (buffer.Length >= limit)
                {
                    throw new DocumentException($"decompressed input is larger than the {Sizes.Format(limit)} limit", 0, 0, fatalForFile: true);
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
            }

            var n = stream.Read(buffer, count, buffer.Length - count);
            if (n == 0)
            {
                // The parsed document keeps this buffer alive: do not keep up to half of it empty.
                return count < buffer.Length * 0.9 ? (buffer.AsSpan(0, count).ToArray(), count) : (buffer, count);
            }

            count += n;
        }
    }
}
