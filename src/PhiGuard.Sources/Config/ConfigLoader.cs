using System.Globalization;
using System.Security.Cryptography;
using PhiGuard.Core.Catalog;
using PhiGuard.Core.Config;
using PhiGuard.Core.Inventory;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PhiGuard.Sources.Config;

/// <summary>
/// Reads <c>phiguard.yaml</c> (schema in docs/configuration.md) into a <see cref="PhiGuardConfig"/>. Every problem —
/// unknown key, wrong type, bad date, unknown profile, waiver missing a required field — is an error with file,
/// line and column; evidence files of attestations are checked (existence, SHA-256) without ever throwing.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The names looked for by <see cref="Find"/>, in order.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["phiguard.yaml", "phiguard.yml"];

    private static readonly string[] TopKeys =
        ["profile", "phiNamespaces", "systemNamespaces", "approvedRegistries", "clusterAdminAllowList", "rbac", "thresholds", "waivers", "attestations", "networkEntryPoints", "admission", "fipsRequired", "fipsImages", "approvedNodeOs", "approvedKernels", "auditRetention"];

    private static readonly string[] RbacKeys =
        ["secretsReaders", "execAllowList", "impersonationAllowList", "escalationAllowList", "jitControllers", "sharedServiceAccounts", "identityExport"];

    private static readonly string[] SubjectKinds = ["User", "Group", "ServiceAccount"];

    /// <summary>The config file in <paramref name="dir"/> (<c>phiguard.yaml</c> or <c>phiguard.yml</c>), or null.</summary>
    public static string? Find(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        return FileNames.Select(n => Path.Combine(dir, n)).FirstOrDefault(File.Exists);
    }

    /// <summary>Parses the file; never throws for bad content or a missing file (those are errors in the result).</summary>
    public static ConfigLoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ConfigLoadResult(new PhiGuardConfig { Path = path }, [new LoadError(path, 0, 0, $"cannot read: {ex.Message}")]);
        }

        return Parse(path, text);
    }

    /// <summary>Parses config text as if read from <paramref name="path"/> (relative evidence files resolve beside it).</summary>
    public static ConfigLoadResult Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader(path);
        var config = reader.Read(text);
        return new ConfigLoadResult(config, reader.Errors);
    }

    private sealed class Reader(string path)
    {
        public List<LoadError> Errors { get; } = [];

        public PhiGuardConfig Read(string text)
        {
            // Not "Default with": PhiGuardConfig.Default is built before DefaultSystemNamespaces is initialised.
            var config = new PhiGuardConfig { Path = path };
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                Error(ex.Start, StripMarks(ex.Message));
                return config;
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                return config;
            }

            if (stream.Documents.Count > 1)
            {
                Error(stream.Documents[1].RootNode.Start, "the config file must hold one YAML document");
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Error(stream.Documents[0].RootNode.Start, "the config file must be a mapping of settings");
                return config;
            }

            foreach (var (keyNode, value) in Entries(root, TopKeys, "setting"))
            {
                switch (keyNode)
                {
                    case "profile":
                        if (Scalar(value, "profile") is { } p)
                        {
                            if (Profile.Find(p) is { } found)
                            {
                                config = config with { Profile = found.Id };
                            }
                            else
                            {
                                Error(value.Start, $"unknown profile '{p}' (known: {string.Join(", ", Profile.All.Select(x => x.Id))})");
                            }
                        }

                        break;
                    case "phiNamespaces":
                        config = config with { PhiNamespaces = StringList(value, "phiNamespaces") };
                        break;
                    case "systemNamespaces":
                        config = config with { SystemNamespaces = StringList(value, "systemNamespaces") };
                        break;
                    case "approvedRegistries":
                        config = config with { ApprovedRegistries = StringList(value, "approvedRegistries") };
                        break;
                    case "approvedNodeOs":
                        config = config with { ApprovedNodeOs = StringList(value, "approvedNodeOs") };
                        break;
                    case "approvedKernels":
                        config = config with { ApprovedKernels = StringList(value, "approvedKernels") };
                        break;
                    case "clusterAdminAllowList":
                        config = config with { ClusterAdminAllowList = Items(value, "clusterAdminAllowList", Subject) };
                        break;
                    case "rbac":
                        config = config with { Rbac = Rbac(value) };
                        break;
                    case "thresholds":
                        config = config with { Thresholds = Thresholds(value) };
                        break;
                    case "waivers":
                        config = config with { Waivers = Items(value, "waivers", Waiver) };
                        break;
                    case "attestations":
                        config = config with { Attestations = Items(value, "attestations", Attestation) };
                        break;
                    case "networkEntryPoints":
                        config = config with { NetworkEntryPoints = Items(value, "networkEntryPoints", EntryPoint) };
                        break;
                    case "admission":
                        config = config with { Admission = Admission(value) };
                        break;
                    case "fipsRequired":
                        config = config with { FipsRequired = Bool(value, "fipsRequired") };
                        break;
                    case "fipsImages":
                        config = config with { FipsImages = StringList(value, "fipsImages") };
                        break;
                    case "auditRetention":
                        config = config with { AuditRetention = Retention(value) };
                        break;
                }
            }

            return config;
        }

        private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map, string[] allowed, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (k, v) in map.Children)
            {
                if (k is not YamlScalarNode { Value: { } key })
                {
                    Error(k.Start, $"{what} names must be plain strings");
                    continue;
                }

                if (!allowed.Contains(key, StringComparer.Ordinal))
                {
                    Error(k.Start, $"unknown {what} '{key}' (expected one of: {string.Join(", ", allowed)})");
                    continue;
                }

                if (!seen.Add(key))
                {
                    Error(k.Start, $"duplicate {what} '{key}'");
                    continue;
                }

                yield return (key, v);
            }
        }

        private string? Scalar(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Value: { } s } && !(node is YamlScalarNode { Style: ScalarStyle.Plain } && s is "~" or "null" or ""))
            {
                return s;
            }

            Error(node.Start, $"{what} must be a text value");
            return null;
        }

        /// <summary>A retention period: whole years (<c>6y</c>) or days (<c>2190d</c>), at least one.</summary>
        private string? Retention(YamlNode node)
        {
            if (Scalar(node, "auditRetention") is not { } text)
            {
                return null;
            }

            if (text.Length > 1 && text[^1] is 'y' or 'd' && int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return text;
            }

            Error(node.Start, $"auditRetention must be whole years (6y) or days (2190d), not '{text}'");
            return null;
        }

        private bool Bool(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Value: "true" or "false" } b)
            {
                return b.Value == "true";
            }

            Error(node.Start, $"{what} must be true or false");
            return false;
        }

        private string? RequiredText(YamlMappingNode map, Dictionary<string, YamlNode> values, string key, string what)
        {
            if (!values.TryGetValue(key, out var node))
            {
                Error(map.Start, $"{what} is missing '{key}'");
                return null;
            }

            var s = Scalar(node, $"{what} '{key}'");
            if (s is not null && string.IsNullOrWhiteSpace(s))
            {
                Error(node.Start, $"{what} '{key}' must not be empty");
                return null;
            }

            return s;
        }

        private string? OptionalText(Dictionary<string, YamlNode> values, string key, string what) =>
            values.TryGetValue(key, out var node) ? Scalar(node, $"{what} '{key}'") : null;

        private DateOnly? Date(YamlMappingNode map, Dictionary<string, YamlNode> values, string key, string what, bool required)
        {
            if (!values.TryGetValue(key, out var node))
            {
                if (required)
                {
                    Error(map.Start, $"{what} is missing '{key}'");
                }

                return null;
            }

            var s = Scalar(node, $"{what} '{key}'");
            if (s is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Error(node.Start, $"{what} '{key}' must be a date written YYYY-MM-DD, not '{s}'");
            return null;
        }

        private List<string> StringList(YamlNode node, string what)
        {
            var result = new List<string>();
            if (node is not YamlSequenceNode seq)
            {
                Error(node.Start, $"{what} must be a list");
                return result;
            }

            foreach (var item in seq.Children)
            {
                if (Scalar(item, $"each entry of {what}") is { Length: > 0 } s)
                {
                    result.Add(s);
                }
            }

            return result;
        }

        private List<T> Items<T>(YamlNode node, string what, Func<YamlMappingNode, Dictionary<string, YamlNode>, string, T?> read)
            where T : class
        {
            var result = new List<T>();
            if (node is not YamlSequenceNode seq)
            {
                Error(node.Start, $"{what} must be a list");
                return result;
            }

            for (var i = 0; i < seq.Children.Count; i++)
            {
                var item = seq.Children[i];
                if (item is not YamlMappingNode map)
                {
                    Error(item.Start, $"{what}[{i}] must be a mapping");
                    continue;
                }

                var before = Errors.Count;
                var value = read(map, Fields(map, KeysOf(what), $"{what}[{i}] key"), $"{what}[{i}]");
                if (value is not null && Errors.Count == before)
                {
                    result.Add(value);
                }
            }

            return result;
        }

        private static string[] KeysOf(string what) => what switch
        {
            "waivers" => ["control", "selector", "justification", "approvedBy", "expires"],
            "attestations" => ["item", "by", "date", "expires", "link", "file", "sha256", "statement"],
            "networkEntryPoints" => ["namespace", "name", "kind", "reason"],
            _ => ["kind", "name", "namespace"],
        };

        private Dictionary<string, YamlNode> Fields(YamlMappingNode map, string[] allowed, string what) =>
            Entries(map, allowed, what).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

        private NetworkEntryPoint? EntryPoint(YamlMappingNode map, Dictionary<string, YamlNode> values, string what)
        {
            var ns = RequiredText(map, values, "namespace", what);
            return ns is null
                ? null
                : new NetworkEntryPoint(ns, OptionalText(values, "name", what), OptionalText(values, "kind", what), OptionalText(values, "reason", what));
        }

        private SubjectRef? Subject(YamlMappingNode map, Dictionary<string, YamlNode> values, string what)
        {
            var kind = RequiredText(map, values, "kind", what);
            var name = RequiredText(map, values, "name", what);
            var ns = OptionalText(values, "namespace", what);
            if (kind is not null && !SubjectKinds.Contains(kind, StringComparer.Ordinal))
            {
                Error(values["kind"].Start, $"{what} kind must be one of {string.Join(", ", SubjectKinds)}, not '{kind}'");
                return null;
            }

            if (kind == "ServiceAccount" && string.IsNullOrEmpty(ns))
            {
                Error(map.Start, $"{what} is a ServiceAccount and needs a 'namespace'");
                return null;
            }

            return kind is null || name is null ? null : new SubjectRef(kind, name, ns);
        }

        private RbacSettings Rbac(YamlNode node)
        {
            var rbac = RbacSettings.Default;
            if (node is not YamlMappingNode map)
            {
                Error(node.Start, "rbac must be a mapping (secretsReaders, execAllowList, …)");
                return rbac;
            }

            foreach (var (key, value) in Entries(map, RbacKeys, "rbac key"))
            {
                var what = "rbac." + key;
                rbac = key switch
                {
                    "secretsReaders" => rbac with { SecretsReaders = Items(value, what, Subject) },
                    "execAllowList" => rbac with { ExecAllowList = Items(value, what, Subject) },
                    "impersonationAllowList" => rbac with { ImpersonationAllowList = Items(value, what, Subject) },
                    "escalationAllowList" => rbac with { EscalationAllowList = Items(value, what, Subject) },
                    "jitControllers" => rbac with { JitControllers = Items(value, what, Subject) },
                    "identityExport" => rbac with { IdentityExport = Scalar(value, what) is { } f ? Path.GetFullPath(f, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".") : null },
                    _ => rbac with { SharedServiceAccounts = ServiceAccountNames(value, what) },
                };
            }

            return rbac;
        }

        private List<string> ServiceAccountNames(YamlNode node, string what)
        {
            var names = StringList(node, what);
            foreach (var n in names.Where(n => n.Split('/') is not [{ Length: > 0 }, { Length: > 0 }]))
            {
                Error(node.Start, $"{what}: '{n}' must be NAMESPACE/NAME");
            }

            return names;
        }

        private Dictionary<string, double> Thresholds(YamlNode node)
        {
            var result = new Dictionary<string, double>(StringComparer.Ordinal);
            if (node is not YamlMappingNode map)
            {
                Error(node.Start, "thresholds must be a mapping of names to numbers");
                return result;
            }

            foreach (var (k, v) in map.Children)
            {
                if (k is not YamlScalarNode { Value: { Length: > 0 } name })
                {
                    Error(k.Start, "threshold names must be plain strings");
                    continue;
                }

                if (v is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } s } &&
                    double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                {
                    if (!result.TryAdd(name, d))
                    {
                        Error(k.Start, $"duplicate threshold '{name}'");
                    }
                }
                else
                {
                    Error(v.Start, $"threshold '{name}' must be a number");
                }
            }

            return result;
        }

        private Waiver? Waiver(YamlMappingNode map, Dictionary<string, YamlNode> values, string what)
        {
            var control = RequiredText(map, values, "control", what);
            var justification = RequiredText(map, values, "justification", what);
            var approvedBy = RequiredText(map, values, "approvedBy", what);
            var expires = Date(map, values, "expires", what, required: true);
            var selector = new WaiverSelector();
            if (values.TryGetValue("selector", out var selNode))
            {
                selector = Selector(selNode, $"{what}.selector");
            }

            if (control is null || justification is null || approvedBy is null || expires is null)
            {
                return null;
            }

            return new Waiver
            {
                Control = control,
                Selector = selector,
                Justification = justification,
                ApprovedBy = approvedBy,
                Expires = expires.Value,
                Source = At(map.Start),
            };
        }

        private WaiverSelector Selector(YamlNode node, string what)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node.Start, $"{what} must be a mapping (kind, namespace, name, labels)");
                return new WaiverSelector();
            }

            var values = Fields(map, ["kind", "namespace", "name", "labels"], $"{what} key");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (values.TryGetValue("labels", out var l))
            {
                if (l is YamlMappingNode lm)
                {
                    foreach (var (k, v) in lm.Children)
                    {
                        if (k is YamlScalarNode { Value: { Length: > 0 } key } && Scalar(v, $"{what}.labels value") is { } value)
                        {
                            labels[key] = value;
                        }
                        else if (k is not YamlScalarNode { Value.Length: > 0 })
                        {
                            Error(k.Start, $"{what}.labels keys must be text");
                        }
                    }
                }
                else
                {
                    Error(l.Start, $"{what}.labels must be a mapping of label names to values");
                }
            }

            return new WaiverSelector
            {
                Kind = OptionalText(values, "kind", what),
                Namespace = OptionalText(values, "namespace", what),
                Name = OptionalText(values, "name", what),
                Labels = labels,
            };
        }

        private Attestation? Attestation(YamlMappingNode map, Dictionary<string, YamlNode> values, string what)
        {
            var item = RequiredText(map, values, "item", what);
            var by = RequiredText(map, values, "by", what);
            var date = Date(map, values, "date", what, required: true);
            var expires = Date(map, values, "expires", what, required: false);
            var link = OptionalText(values, "link", what);
            var file = OptionalText(values, "file", what);
            var sha = OptionalText(values, "sha256", what)?.Trim().ToLowerInvariant();
            var statement = OptionalText(values, "statement", what);
            if (sha is not null && file is null)
            {
                Error(values["sha256"].Start, $"{what} gives sha256 but no 'file' to check it against");
            }

            if (sha is not null && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit)))
            {
                Error(values["sha256"].Start, $"{what} sha256 must be 64 hexadecimal digits");
                sha = null;
            }

            if (item is null || by is null || date is null)
            {
                return null;
            }

            return new Attestation
            {
                Item = item,
                By = by,
                Date = date.Value,
                Expires = expires,
                Link = link,
                File = file,
                Sha256 = sha,
                Statement = statement,
                EvidenceProblem = file is null ? null : CheckEvidence(file, sha),
                Source = At(map.Start),
            };
        }

        /// <summary>Null when the evidence holds; otherwise why not. Never throws: a broken file is a finding, not a crash.</summary>
        private string? CheckEvidence(string file, string? sha)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            var full = Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(dir, file));
            try
            {
                if (!File.Exists(full))
                {
                    return $"evidence file '{file}' not found";
                }

                if (sha is null)
                {
                    return null;
                }

                using var stream = File.OpenRead(full);
                var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
                return string.Equals(actual, sha, StringComparison.Ordinal)
                    ? null
                    : $"evidence file '{file}' has SHA-256 {actual}, the attestation says {sha}";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"evidence file '{file}' cannot be read: {ex.Message}";
            }
        }

        private SourceLocation At(Mark mark) => new(path, (int)mark.Line, (int)mark.Column);

        private AdmissionSettings Admission(YamlNode node)
        {
            var settings = new AdmissionSettings();
            if (node is not YamlMappingNode map)
            {
                Error(node.Start, "admission must be a mapping");
                return settings;
            }

            foreach (var (key, value) in Entries(map, ["defaultMode", "minSeverity", "signatureKeys", "insecureRegistries"], "admission setting"))
            {
                switch (key)
                {
                    case "defaultMode":
                        if (Scalar(value, "admission.defaultMode") is { } m)
                        {
                            if (Enum.TryParse<AdmissionMode>(m, ignoreCase: true, out var mode) && m.All(char.IsAsciiLetter))
                            {
                                settings = settings with { DefaultMode = mode };
                            }
                            else
                            {
                                Error(value.Start, $"admission.defaultMode must be enforce, warn or audit, not '{m}'");
                            }
                        }

                        break;
                    case "minSeverity":
                        if (Scalar(value, "admission.minSeverity") is { } sv)
                        {
                            if (Enum.TryParse<Core.Engine.Severity>(sv, ignoreCase: true, out var severity) && sv.All(char.IsAsciiLetter))
                            {
                                settings = settings with { MinSeverity = severity };
                            }
                            else
                            {
                                Error(value.Start, $"admission.minSeverity must be low, medium, high or critical, not '{sv}'");
                            }
                        }

                        break;
                    case "signatureKeys":
                        settings = settings with { SignatureKeys = SignatureKeys(value) };
                        break;
                    case "insecureRegistries":
                        settings = settings with { InsecureRegistries = StringList(value, "admission.insecureRegistries") };
                        break;
                }
            }

            return settings;
        }

        /// <summary>Reads each listed PEM file (relative to the config file) and checks it is an ECDSA P-256 public key.</summary>
        private List<string> SignatureKeys(YamlNode node)
        {
            var keys = new List<string>();
            if (node is not YamlSequenceNode seq)
            {
                Error(node.Start, "admission.signatureKeys must be a list of PEM public key files");
                return keys;
            }

            foreach (var item in seq.Children)
            {
                if (Scalar(item, "each entry of admission.signatureKeys") is not { Length: > 0 } file)
                {
                    continue;
                }

                var full = System.IO.Path.IsPathRooted(file) ? file : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".", file);
                try
                {
                    var pem = File.ReadAllText(full);
                    using var ec = ECDsa.Create();
                    ec.ImportFromPem(pem);
                    if (ec.KeySize != 256)
                    {
                        Error(item.Start, $"signature key {file} is ECDSA with {ec.KeySize} bits; cosign keys are P-256");
                        continue;
                    }

                    keys.Add(pem);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
                {
                    Error(item.Start, $"signature key {file} is not a readable ECDSA P-256 public key in PEM: {ex.Message}");
                }
            }

            return keys;
        }

        private void Error(Mark mark, string message) => Errors.Add(new LoadError(path, (int)mark.Line, (int)mark.Column, message));

        private static string StripMarks(string message)
        {
            var i = message.IndexOf("): ", StringComparison.Ordinal);
            return message.StartsWith("(Line:", StringComparison.Ordinal) && i > 0 ? message[(i + 3)..] : message;
        }
    }
}
