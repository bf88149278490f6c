using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Inventory;
using PhiGuard.Sources.Manifests;

namespace PhiGuard.Sources.Node.Collect;

/// <summary>
/// Writes a node snapshot — the folder <see cref="NodeSnapshotLoader"/> reads — from a node's file system, reading
/// only: static Pod manifests, kubelet configuration and arguments, the configuration files the API server's
/// flags name, the public parts of PKI files, FIPS mode and <c>phiguard/node-facts.json</c>. Private keys, token
/// files and kubeconfig credentials are never copied: <c>phiguard/collected.json</c> records their presence, mode
/// and owner, and the reason every other file was copied, redacted or withheld.
/// </summary>
public static class NodeCollector
{
    /// <summary>The manifest of decisions, inside the snapshot.</summary>
    public const string ManifestFile = "phiguard/collected.json";

    /// <summary>The facts file, inside the snapshot (schema <c>phiguard.io/node-facts/v1</c>).</summary>
    public const string FactsFile = "phiguard/node-facts.json";

    private const long MaxFileBytes = 1024 * 1024;

    /// <summary>Copied as they are: they name paths and settings, not credentials.</summary>
    private static readonly string[] PlainFiles =
    [
        "/etc/os-release", "/var/lib/kubelet/config.yaml", "/var/lib/kubelet/kubeadm-flags.env", "/etc/default/kubelet",
        "/etc/sysconfig/kubelet", "/proc/sys/crypto/fips_enabled",
    ];

    /// <summary>API server flags naming configuration files copied as they are (they hold no secrets).</summary>
    private static readonly HashSet<string> ConfigFlags = new(StringComparer.Ordinal)
    {
        "audit-policy-file", "authentication-config", "authorization-config", "admission-control-config-file",
        "egress-selector-config-file", "tracing-config-file",
    };

    /// <summary>Flags naming webhook kubeconfigs: copied with every credential field removed.</summary>
    private static readonly HashSet<string> WebhookKubeconfigFlags = new(StringComparer.Ordinal)
    {
        "audit-webhook-config-file", "authentication-token-webhook-config-file", "authorization-webhook-config-file",
    };

    /// <summary>Flags naming a component's own kubeconfig: its identity, withheld whole.</summary>
    private static readonly HashSet<string> IdentityKubeconfigFlags = new(StringComparer.Ordinal)
    {
        "kubeconfig", "bootstrap-kubeconfig", "authentication-kubeconfig", "authorization-kubeconfig",
    };

    /// <summary>Flags naming files of bearer tokens or passwords.</summary>
    private static readonly HashSet<string> TokenFlags = new(StringComparer.Ordinal) { "token-auth-file", "basic-auth-file" };

    /// <summary>Credential fields of a kubeconfig user entry.</summary>
    private static readonly string[] KubeconfigSecrets =
        ["client-key", "client-key-data", "token", "tokenFile", "password", "username", "exec", "auth-provider"];

    public static NodeCollectResult Collect(string root, string output, string? nodeName = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(output);
        if (!Directory.Exists(root))
        {
            throw new NodeCollectException($"{root}: the root folder does not exist");
        }

        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new NodeCollectException($"{output}: the output folder is not empty (a snapshot must not mix with older files)");
        }

        if (File.Exists(output))
        {
            throw new NodeCollectException($"{output}: exists and is a file, not a folder");
        }

        var run = new Run(new RootedFileSystem(root), Path.GetFullPath(output));
        Directory.CreateDirectory(run.Output);
        var node = nodeName is { Length: > 0 } ? nodeName : run.HostName() ?? Path.GetFileName(run.Fs.Root.TrimEnd('/'));
        if (node.Length == 0)
        {
            node = "node";
        }

        run.Write("/etc/hostname", node + "\n", CollectedFile.Copied, nodeName is { Length: > 0 } ? "the node name given with --node-name" : "the node's name");
        foreach (var f in PlainFiles)
        {
            ct.ThrowIfCancellationRequested();
            run.CopyPlain(f, "kubelet and node settings the controls read", recordMissing: false);
        }

        // Static Pods first: their flags name the other files to collect.
        var manifests = run.Walk("/etc/kubernetes/manifests", recursive: false).Where(ManifestLoader.IsManifestFile).ToArray();
        foreach (var m in manifests)
        {
            run.StaticPod(run.Fs.NodePathOf(m));
        }

        var objects = new ManifestLoader().Load(manifests, null, ct).Objects;
        var view = ControlPlaneView.Of(new Inventory(objects));
        foreach (var component in view.ApiServers.Concat(view.Etcds).Concat(view.ControllerManagers).Concat(view.Schedulers))
        {
            foreach (var flag in component.Flags.Occurrences)
            {
                ct.ThrowIfCancellationRequested();
                run.FlagFile(flag.Name, flag.Value);
            }
        }

        run.KubeletFiles();
        foreach (var dir in new[] { "/etc/kubernetes/pki", "/var/lib/kubelet/pki" })
        {
            foreach (var file in run.Walk(dir, recursive: true))
            {
                ct.ThrowIfCancellationRequested();
                run.Pem(run.Fs.NodePathOf(file), "PKI file");
            }
        }

        foreach (var conf in run.Walk("/etc/kubernetes", recursive: false).Where(f => f.EndsWith(".conf", StringComparison.Ordinal)))
        {
            run.Withhold(run.Fs.NodePathOf(conf), "a component kubeconfig: it holds client keys or tokens");
        }

        var notes = new List<string>();
        var facts = NodeFactsReader.Read(run.Fs, node, (time ?? TimeProvider.System).GetUtcNow(), notes);
        run.WriteOutput(FactsFile, facts.ToJsonString(Indented) + "\n");
        run.WriteManifest(node, notes, (time ?? TimeProvider.System).GetUtcNow());
        return new NodeCollectResult(run.Output, node, run.Files);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One collection: where it reads and writes, and the decisions so far (each node path once).</summary>
    private sealed class Run(RootedFileSystem fs, string output)
    {
        private readonly Dictionary<string, CollectedFile> files = new(StringComparer.Ordinal);

        public RootedFileSystem Fs { get; } = fs;

        public string Output { get; } = output;

        public IReadOnlyList<CollectedFile> Files => files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();

        public string? HostName()
        {
            var p = Fs.Resolve("/etc/hostname");
            return p is not null && File.Exists(p) && File.ReadLines(p).FirstOrDefault()?.Trim() is { Length: > 0 and < 254 } h ? h : null;
        }

        /// <summary>Files in a node folder (real paths under the root); nothing when the folder is absent.</summary>
        public string[] Walk(string nodeDir, bool recursive)
        {
            var real = Fs.Resolve(nodeDir);
            if (real is null || !Directory.Exists(real))
            {
                return [];
            }

            var options = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true, AttributesToSkip = 0 };
            return Directory.EnumerateFiles(real, "*", options).Order(StringComparer.Ordinal).ToArray();
        }

        public void FlagFile(string flag, string value)
        {
            if (!value.StartsWith('/') || value.Contains(',', StringComparison.Ordinal))
            {
                return;
            }

            var path = NodeFiles.Normalise(value);
            if (flag == "encryption-provider-config")
            {
                Encryption(path);
            }
            else if (ConfigFlags.Contains(flag))
            {
                CopyPlain(path, $"named by --{flag}", recordMissing: true);
                if (flag == "authorization-config")
                {
                    AuthorizationWebhooks(path);
                }
            }
            else if (WebhookKubeconfigFlags.Contains(flag))
            {
                Kubeconfig(path, $"webhook kubeconfig named by --{flag}");
            }
            else if (IdentityKubeconfigFlags.Contains(flag))
            {
                Withhold(path, $"kubeconfig named by --{flag}: it holds the component's client key or token");
            }
            else if (TokenFlags.Contains(flag))
            {
                Withhold(path, $"named by --{flag}: it holds bearer tokens or passwords");
            }
            else if (flag.Contains("log", StringComparison.Ordinal) || flag.Contains("dir", StringComparison.Ordinal) || flag.Contains("socket", StringComparison.Ordinal))
            {
                // Logs, data directories and sockets are not configuration; they are not read at all.
            }
            else if (Fs.Resolve(path) is { } real && File.Exists(real))
            {
                Pem(path, $"named by --{flag}");
            }
        }

        /// <summary>The kubelet's certificate files and kubeconfigs named in its configuration file and arguments.</summary>
        public void KubeletFiles()
        {
            var config = Fs.Resolve("/var/lib/kubelet/config.yaml");
            if (config is not null && File.Exists(config) && ConfigFileReader.ReadJson(config, []) is { ValueKind: JsonValueKind.Object } json)
            {
                foreach (var field in new[] { "authentication.x509.clientCAFile", "tlsCertFile", "tlsPrivateKeyFile" })
                {
                    if (json.GetPath(field)?.ValueKind == JsonValueKind.String && json.GetPath(field)!.Value.GetString() is { Length: > 0 } p && p.StartsWith('/'))
                    {
                        Pem(NodeFiles.Normalise(p), $"named by the kubelet's {field}");
                    }
                }
            }

            foreach (var env in new[] { "/var/lib/kubelet/kubeadm-flags.env", "/etc/default/kubelet", "/etc/sysconfig/kubelet" })
            {
                var real = Fs.Resolve(env);
                if (real is null || !File.Exists(real) || new FileInfo(real).Length > MaxFileBytes)
                {
                    continue;
                }

                var args = File.ReadAllText(real).Split([' ', '\n', '"', '\''], StringSplitOptions.RemoveEmptyEntries)
                    .Select(a => (a, "")).ToArray();
                foreach (var f in ComponentFlags.Parse(args, new HashSet<string>(StringComparer.Ordinal)).Occurrences)
                {
                    FlagFile(f.Name, f.Value);
                }
            }
        }

        public void CopyPlain(string path, string why, bool recordMissing)
        {
            if (!Readable(path, why, recordMissing, out var real, out var stat))
            {
                return;
            }

            var bytes = File.ReadAllBytes(real);
            Store(path, bytes, new CollectedFile(path, CollectedFile.Copied, why, stat.Mode, stat.Uid, stat.Gid, stat.Size));
        }

        /// <summary>
        /// A static Pod manifest, copied as is unless a container sets a literal <c>env[].value</c> (a KMS plugin's
        /// cloud credentials, a database password): those values are replaced, since the controls need the flags, not
        /// the values, and a snapshot must never carry a secret.
        /// </summary>
        public void StaticPod(string path)
        {
            const string why = "static Pod manifest";
            if (!Readable(path, why, recordMissing: false, out var real, out var stat))
            {
                return;
            }

            if (ReadConfig(real) is not JsonObject pod)
            {
                // Unparsable YAML is copied so that the loader reports the syntax error with its line, as it would on the node.
                Store(path, File.ReadAllBytes(real), new CollectedFile(path, CollectedFile.Copied, $"{why} (not parsable here; the loader reports why)", stat.Mode, stat.Uid, stat.Gid, stat.Size));
                return;
            }

            var removed = 0;
            foreach (var list in new[] { "initContainers", "containers" })
            {
                foreach (var container in pod["spec"]?[list] as JsonArray ?? [])
                {
                    foreach (var env in container?["env"] as JsonArray ?? [])
                    {
                        if (env is JsonObject e && e.ContainsKey("value"))
                        {
                            e["value"] = "WITHHELD-BY-PHIGUARD";
                            removed++;
                        }
                    }
                }
            }

            if (removed == 0)
            {
                Store(path, File.ReadAllBytes(real), new CollectedFile(path, CollectedFile.Copied, why, stat.Mode, stat.Uid, stat.Gid, stat.Size));
            }
            else
            {
                Store(path, Encoding.UTF8.GetBytes(pod.ToJsonString(Indented) + "\n"),
                    new CollectedFile(path, CollectedFile.Redacted, $"{why}: {removed} literal env value(s) replaced (written as JSON)", stat.Mode, stat.Uid, stat.Gid, stat.Size));
            }
        }

        /// <summary>Keeps the certificate and public-key blocks of a PEM file; a file with none is withheld.</summary>
        public void Pem(string path, string why)
        {
            if (!Readable(path, why, recordMissing: true, out var real, out var stat))
            {
                return;
            }

            var (kept, dropped, pem) = PemFilter.Filter(File.ReadAllText(real));
            if (!pem)
            {
                Record(new CollectedFile(path, CollectedFile.Withheld, $"{why}: not a PEM certificate or public key, so only its presence is recorded", stat.Mode, stat.Uid, stat.Gid, stat.Size));
            }
            else if (kept.Length == 0)
            {
                Record(new CollectedFile(path, CollectedFile.Withheld, $"{why}: private key ({string.Join(", ", dropped.Distinct())}), never copied", stat.Mode, stat.Uid, stat.Gid, stat.Size));
            }
            else if (dropped.Count > 0)
            {
                Store(path, Encoding.UTF8.GetBytes(kept), new CollectedFile(path, CollectedFile.Redacted, $"{why}: certificate kept, {string.Join(", ", dropped.Distinct())} block removed", stat.Mode, stat.Uid, stat.Gid, stat.Size));
            }
            else
            {
                Store(path, Encoding.UTF8.GetBytes(kept), new CollectedFile(path, CollectedFile.Copied, $"{why}: certificate or public key", stat.Mode, stat.Uid, stat.Gid, stat.Size));
            }
        }

        public void Withhold(string path, string why)
        {
            if (files.ContainsKey(path))
            {
                return;
            }

            var real = Fs.Resolve(path);
            if (real is null || !File.Exists(real))
            {
                Record(new CollectedFile(path, CollectedFile.Missing, why + " (named, but absent)"));
                return;
            }

            var stat = FileStat.Of(real);
            Record(new CollectedFile(path, CollectedFile.Withheld, why, stat.Mode, stat.Uid, stat.Gid, stat.Size));
        }

        /// <summary>The EncryptionConfiguration with every static key's <c>secret</c> replaced; copied as is when it has none.</summary>
        private void Encryption(string path)
        {
            const string why = "named by --encryption-provider-config";
            if (!Readable(path, why, recordMissing: true, out var real, out var stat))
            {
                return;
            }

            if (ReadConfig(real) is not JsonObject config)
            {
                Record(new CollectedFile(path, CollectedFile.Withheld, $"{why}: not readable as YAML/JSON, so it may hold keys that cannot be removed", stat.Mode, stat.Uid, stat.Gid, stat.Size));
                return;
            }

            var removed = 0;
            foreach (var resource in config["resources"] as JsonArray ?? [])
            {
                foreach (var provider in resource?["providers"] as JsonArray ?? [])
                {
                    foreach (var (_, settings) in provider as JsonObject ?? [])
                    {
                        foreach (var key in settings?["keys"] as JsonArray ?? [])
                        {
                            if (key is JsonObject k && k.ContainsKey("secret"))
                            {
                                k["secret"] = "WITHHELD-BY-PHIGUARD";
                                removed++;
                            }
                        }
                    }
                }
            }

            if (removed == 0)
            {
                Store(path, File.ReadAllBytes(real), new CollectedFile(path, CollectedFile.Copied, $"{why}: no inline keys", stat.Mode, stat.Uid, stat.Gid, stat.Size));
            }
            else
            {
                Store(path, Encoding.UTF8.GetBytes(config.ToJsonString(Indented) + "\n"),
                    new CollectedFile(path, CollectedFile.Redacted, $"{why}: {removed} inline key secret(s) replaced (written as JSON)", stat.Mode, stat.Uid, stat.Gid, stat.Size));
            }
        }

        private void AuthorizationWebhooks(string path)
        {
            if (Fs.Resolve(path) is not { } real || ReadConfig(real) is not JsonObject config)
            {
                return;
            }

            foreach (var authorizer in config["authorizers"] as JsonArray ?? [])
            {
                if (authorizer?["webhook"]?["connectionInfo"]?["kubeConfigFile"]?.GetValueKind() == JsonValueKind.String &&
                    authorizer["webhook"]!["connectionInfo"]!["kubeConfigFile"]!.GetValue<string>() is { Length: > 0 } file && file.StartsWith('/'))
                {
                    Kubeconfig(NodeFiles.Normalise(file), "webhook kubeconfig named by the AuthorizationConfiguration");
                }
            }
        }

        /// <summary>A kubeconfig with every user credential removed (servers and CA data stay); withheld when unreadable.</summary>
        private void Kubeconfig(string path, string why)
        {
            if (!Readable(path, why, recordMissing: true, out var real, out var stat))
            {
                return;
            }

            if (ReadConfig(real) is not JsonObject config)
            {
                Record(new CollectedFile(path, CollectedFile.Withheld, $"{why}: not readable as YAML/JSON, so its credentials cannot be removed", stat.Mode, stat.Uid, stat.Gid, stat.Size));
                return;
            }

            var removed = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var user in config["users"] as JsonArray ?? [])
            {
                if (user?["user"] is JsonObject u)
                {
                    foreach (var field in KubeconfigSecrets)
                    {
                        if (u.Remove(field))
                        {
                            removed.Add(field);
                        }
                    }
                }
            }

            Store(path, Encoding.UTF8.GetBytes(config.ToJsonString(Indented) + "\n"), new CollectedFile(path, removed.Count > 0 ? CollectedFile.Redacted : CollectedFile.Copied,
                removed.Count > 0 ? $"{why}: credentials removed ({string.Join(", ", removed)}); written as JSON" : $"{why}: holds no credentials; written as JSON",
                stat.Mode, stat.Uid, stat.Gid, stat.Size));
        }

        private bool Readable(string path, string why, bool recordMissing, out string real, out FileStat stat)
        {
            real = string.Empty;
            stat = new FileStat("unknown", null, null, 0);
            if (files.ContainsKey(path))
            {
                return false;
            }

            if (Fs.Resolve(path) is not { } r || !File.Exists(r))
            {
                if (recordMissing)
                {
                    Record(new CollectedFile(path, CollectedFile.Missing, why + " (named, but absent)"));
                }

                return false;
            }

            real = r;
            stat = FileStat.Of(r);
            if (stat.Size > MaxFileBytes)
            {
                Record(new CollectedFile(path, CollectedFile.Withheld, $"{why}: {stat.Size} bytes, over the {MaxFileBytes}-byte limit for configuration files", stat.Mode, stat.Uid, stat.Gid, stat.Size));
                return false;
            }

            return true;
        }

        private static JsonNode? ReadConfig(string real)
        {
            var json = ConfigFileReader.ReadJson(real, new List<LoadError>());
            return json is { } j ? JsonNode.Parse(j.GetRawText()) : null;
        }

        public void Write(string path, string content, string action, string why) =>
            Store(path, Encoding.UTF8.GetBytes(content), new CollectedFile(path, action, why));

        private void Store(string path, byte[] content, CollectedFile decision)
        {
            WriteOutput(path.TrimStart('/'), content);
            Record(decision);
        }

        private void Record(CollectedFile decision) => files[decision.Path] = decision;

        public void WriteOutput(string relative, string content) => WriteOutput(relative, Encoding.UTF8.GetBytes(content));

        private void WriteOutput(string relative, byte[] content)
        {
            var target = Path.GetFullPath(Path.Combine(Output, relative));
            if (!target.StartsWith(Output + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new NodeCollectException($"{relative}: would be written outside the output folder");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, content);
        }

        public void WriteManifest(string node, List<string> notes, DateTimeOffset now)
        {
            var list = new JsonArray();
            foreach (var f in Files)
            {
                var o = new JsonObject { ["path"] = f.Path, ["action"] = f.Action, ["reason"] = f.Reason };
                if (f.Mode is not null)
                {
                    o["mode"] = f.Mode;
                    o["uid"] = f.Uid;
                    o["gid"] = f.Gid;
                    o["size"] = f.Size;
                }

                list.Add(o);
            }

            var manifest = new JsonObject
            {
                ["collector"] = "phiguard node collect",
                ["node"] = node,
                ["root"] = Fs.Root,
                ["collectedAt"] = now.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["files"] = list,
                ["notes"] = new JsonArray([.. notes.Select(n => (JsonNode)n)]),
            };
            WriteOutput(ManifestFile, manifest.ToJsonString(Indented) + "\n");
        }
    }
}
