using System.Globalization;
using System.Text.Json.Nodes;

namespace PhiGuard.Sources.Node.Collect;

/// <summary>
/// Reads the facts no configuration file states — OS release, kernel, FIPS mode, which mounted filesystems sit on
/// a dm-crypt device, clock synchronisation — from a node's <c>/etc</c>, <c>/proc</c>, <c>/sys</c> and <c>/run</c>
/// into <c>phiguard/node-facts.json</c> (schema <c>phiguard.io/node-facts/v1</c>). What cannot be observed stays
/// null (with a note why), so controls report it as not assessable instead of guessing.
/// </summary>
internal static class NodeFactsReader
{
    public const string Schema = "phiguard.io/node-facts/v1";

    /// <summary>dm/uuid prefixes cryptsetup gives encrypted mappings, and the type each means.</summary>
    private static readonly (string Prefix, string Type)[] CryptTypes =
    [
        ("CRYPT-LUKS1-", "luks"), ("CRYPT-LUKS2-", "luks2"), ("CRYPT-PLAIN-", "plain"), ("CRYPT-TCRYPT-", "tcrypt"),
        ("CRYPT-BITLK-", "bitlk"), ("CRYPT-FVAULT2-", "fvault2"),
    ];

    /// <summary>PID 1's table first: with the host's /proc mounted, it is the host's, not the collector container's.</summary>
    private static readonly string[] MountTables = ["/proc/1/mounts", "/proc/mounts"];

    private static readonly HashSet<string> SkippedFsTypes = new(StringComparer.Ordinal) { "squashfs", "iso9660" };

    public static JsonObject Read(RootedFileSystem fs, string node, DateTimeOffset now, List<string> notes)
    {
        var facts = new JsonObject
        {
            ["schema"] = Schema,
            ["node"] = node,
            ["collectedAt"] = now.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        if (Os(fs) is { } os)
        {
            facts["os"] = os;
        }
        else
        {
            notes.Add("os: /etc/os-release not found");
        }

        if (FirstLine(fs, "/proc/sys/kernel/osrelease") is { Length: > 0 } kernel)
        {
            facts["kernelRelease"] = kernel;
        }

        var fips = FirstLine(fs, "/proc/sys/crypto/fips_enabled");
        if (fips is "0" or "1")
        {
            facts["fipsEnabled"] = fips == "1";
        }
        else
        {
            notes.Add("fipsEnabled: /proc/sys/crypto/fips_enabled not found (the kernel has no FIPS support or /proc is not visible)");
        }

        if (Disks(fs, notes) is { } disks)
        {
            facts["disks"] = disks;
        }

        if (Clock(fs, notes) is { } clock)
        {
            facts["clock"] = clock;
        }

        return facts;
    }

    private static JsonObject? Os(RootedFileSystem fs)
    {
        var path = fs.Resolve("/etc/os-release");
        if (path is null || !File.Exists(path) || new FileInfo(path).Length > 64 * 1024)
        {
            return null;
        }

        var os = new JsonObject();
        foreach (var line in File.ReadLines(path))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var value = line[(eq + 1)..].Trim().Trim('"', '\'');
            switch (line[..eq].Trim())
            {
                case "ID": os["id"] = value; break;
                case "VERSION_ID": os["versionId"] = value; break;
                case "PRETTY_NAME": os["prettyName"] = value; break;
                default: break;
            }
        }

        return os.Count > 0 ? os : null;
    }

    /// <summary>
    /// Block-device mounts from PID 1's mount table (the host's when <c>/proc</c> is the host's), each with the
    /// encryption found in its device stack; null when no mount table is visible.
    /// </summary>
    private static JsonArray? Disks(RootedFileSystem fs, List<string> notes)
    {
        var table = MountTables.Select(fs.Resolve).FirstOrDefault(p => p is not null && File.Exists(p));
        if (table is null)
        {
            notes.Add("disks: no mount table (/proc/1/mounts or /proc/mounts) is visible under the root");
            return null;
        }

        var byMount = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var line in File.ReadLines(table).Take(10_000))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3 || !f[0].StartsWith("/dev/", StringComparison.Ordinal) || SkippedFsTypes.Contains(f[2]))
            {
                continue;
            }

            var mount = Unescape(f[1]);
            var (encrypted, type) = Encryption(fs, Unescape(f[0]));
            var disk = new JsonObject { ["mount"] = mount, ["device"] = Unescape(f[0]), ["fsType"] = f[2] };
            if (encrypted is { } e)
            {
                disk["encrypted"] = e;
                disk["type"] = type;
            }
            else
            {
                notes.Add($"disks: {mount}: the device {Unescape(f[0])} is not found under /sys/class/block, so its encryption is unknown");
            }

            // A later mount on the same point hides the earlier one, as the kernel does.
            if (!byMount.ContainsKey(mount))
            {
                order.Add(mount);
            }

            byMount[mount] = disk;
        }

        return [.. order.Select(m => (JsonNode)byMount[m])];
    }

    /// <summary>Whether the device's stack holds a dm-crypt layer: (true, luks…), (false, none), or (null, null) when unknown.</summary>
    private static (bool? Encrypted, string? Type) Encryption(RootedFileSystem fs, string device)
    {
        var name = BlockName(fs, device);
        return name is null ? (null, null) : Layer(fs, name, 0);
    }

    private static (bool? Encrypted, string? Type) Layer(RootedFileSystem fs, string name, int depth)
    {
        var dir = fs.Resolve("/sys/class/block/" + name);
        if (dir is null || !Directory.Exists(dir) || depth > 16)
        {
            return (null, null);
        }

        if (FirstLine(fs, $"/sys/class/block/{name}/dm/uuid") is { } uuid)
        {
            foreach (var (prefix, type) in CryptTypes)
            {
                if (uuid.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return (true, type);
                }
            }
        }

        // LVM (or dm-verity/integrity) over encrypted devices is encrypted when every device under it is.
        var slaves = fs.Resolve($"/sys/class/block/{name}/slaves");
        var under = slaves is not null && Directory.Exists(slaves)
            ? Directory.EnumerateFileSystemEntries(slaves).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];
        if (under.Length == 0)
        {
            return (false, "none");
        }

        var layers = under.Select(s => Layer(fs, s, depth + 1)).ToArray();
        if (layers.All(l => l.Encrypted == true))
        {
            return (true, layers[0].Type);
        }

        return layers.Any(l => l.Encrypted is null) ? (null, null) : (false, "none");
    }

    /// <summary>The kernel's block-device name for a /dev path (<c>/dev/mapper/root</c> → <c>dm-0</c>, <c>/dev/sda1</c> → <c>sda1</c>).</summary>
    private static string? BlockName(RootedFileSystem fs, string device)
    {
        if (device.StartsWith("/dev/mapper/", StringComparison.Ordinal))
        {
            var mapped = device["/dev/mapper/".Length..];
            var blocks = fs.Resolve("/sys/class/block");
            if (blocks is null || !Directory.Exists(blocks))
            {
                return null;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(blocks, "dm-*").Order(StringComparer.Ordinal))
            {
                var dm = Path.GetFileName(entry);
                if (FirstLine(fs, $"/sys/class/block/{dm}/dm/name") == mapped)
                {
                    return dm;
                }
            }

            return null;
        }

        var name = device["/dev/".Length..];
        return name.Contains('/', StringComparison.Ordinal) ? null : name;
    }

    /// <summary>
    /// systemd-timesyncd creates <c>/run/systemd/timesync/synchronized</c> once the clock is synchronised; other
    /// daemons (chrony, ntpd) leave no such file, so without timesyncd the clock is recorded as not observed.
    /// </summary>
    private static JsonObject? Clock(RootedFileSystem fs, List<string> notes)
    {
        var dir = fs.Resolve("/run/systemd/timesync");
        if (dir is null || !Directory.Exists(dir))
        {
            notes.Add("clock: /run/systemd/timesync is absent (systemd-timesyncd is not running here); chrony or ntpd state is not read, so clock sync is not observed");
            return null;
        }

        var synced = File.Exists(Path.Combine(dir, "synchronized"));
        notes.Add("clock: systemd-timesyncd reports no offset in /run, so offsetSeconds is not recorded");
        return new JsonObject { ["source"] = "timesyncd", ["synced"] = synced };
    }

    private static string? FirstLine(RootedFileSystem fs, string nodePath)
    {
        var path = fs.Resolve(nodePath);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[4096];
            var n = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, n).Split('\n')[0].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>/proc/mounts escapes space, tab, newline and backslash as octal (<c>\040</c>).</summary>
    private static string Unescape(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }

    private static bool IsOctal(string s, int at) =>
        at + 3 <= s.Length && s.Substring(at, 3).All(c => c is >= '0' and <= '7');
}
