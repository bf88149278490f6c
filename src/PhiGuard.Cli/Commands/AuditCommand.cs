using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Npgsql;
using PhiGuard.AuditTrail;
using PhiGuard.AuditTrail.Checkpoints;
using PhiGuard.AuditTrail.Detections;
using PhiGuard.AuditTrail.Events;
using PhiGuard.AuditTrail.Sink;
using PhiGuard.AuditTrail.Stores;
using PhiGuard.AuditTrail.Verification;

namespace PhiGuard.Cli.Commands;

/// <summary>
/// <c>phiguard audit …</c>: the tamper-evident audit trail (receive, seal, prove, verify, query, review); every
/// subcommand names its store with <c>--store sqlite:PATH | postgres://USER@HOST:PORT/DB</c>.
/// </summary>
internal static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var command = new Command("audit", "Tamper-evident audit trail: receive, seal, prove, verify, query and review API server audit events.");
        command.Subcommands.Add(Keygen());
        command.Subcommands.Add(Serve());
        command.Subcommands.Add(Ingest());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Prove());
        command.Subcommands.Add(Consistency());
        command.Subcommands.Add(Query());
        command.Subcommands.Add(AuditReviewCommand.Create());
        command.Subcommands.Add(AuditRetentionCommand.Export());
        command.Subcommands.Add(AuditRetentionCommand.Prune());
        return command;
    }

    internal static Option<string> StoreOption() => new("--store")
    {
        Description = "The log: sqlite:PATH or postgres://USER@HOST:PORT/DB.",
        Required = true,
    };

    private static Option<string> KeyOption() => new("--key")
    {
        Description = "The checkpoint public key (signing.pub from 'audit keygen').",
        Required = true,
    };

    private static Command Keygen()
    {
        var output = new Option<string>("--output", "-o") { Description = "Directory for signing.key and signing.pub.", Required = true };
        var command = new Command("keygen", "Create an ECDSA P-256 checkpoint key pair (signing.key, signing.pub). Keep signing.key away from the log.");
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(output)!;
            using var key = SigningKey.Generate();
            try
            {
                key.WriteTo(dir);
            }
            catch (IOException ex)
            {
                throw new CliException(ExitCodes.Usage, ex.Message);
            }

            parse.InvocationConfiguration.Output.WriteLine($"wrote {Path.Combine(dir, SigningKey.PrivateFileName)} and {Path.Combine(dir, SigningKey.PublicFileName)} (key id {Convert.ToHexStringLower(key.KeyId)})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Serve()
    {
        var store = StoreOption();
        var listen = new Option<string>("--listen") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1:8444" };
        var cert = new Option<string>("--tls-cert") { Description = "Server certificate (PEM).", Required = true };
        var certKey = new Option<string>("--tls-key") { Description = "Server certificate's private key (PEM).", Required = true };
        var clientCa = new Option<string?>("--client-ca") { Description = "CA bundle (PEM) whose client certificates are accepted (mTLS)." };
        var tokenFile = new Option<string?>("--token-file") { Description = "File holding the bearer token the API server sends." };
        var signing = new Option<string>("--signing-key") { Description = "Checkpoint private key (signing.key); not beside the log.", Required = true };
        var interval = new Option<int>("--checkpoint-seconds") { Description = "Seconds between signed checkpoints.", DefaultValueFactory = _ => 10 };
        var origin = new Option<string?>("--origin") { Description = $"Log name on a new log's checkpoints (default {StoreFactory.DefaultOrigin})." };
        var detection = new DetectionOptionSet();
        var alertWebhook = new Option<string?>("--alert-webhook") { Description = "URL that receives alerts as JSON (retried); alerts always go to stdout as JSON lines." };
        var command = new Command("serve", "Receive the API server's audit webhook; acknowledge a batch only once it is durably stored; sign checkpoints.");
        foreach (var o in new Option[] { store, listen, cert, certKey, clientCa, tokenFile, signing, interval, origin, alertWebhook })
        {
            command.Options.Add(o);
        }

        detection.AddTo(command);

        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(clientCa) is null && parse.GetValue(tokenFile) is null)
            {
                throw new CliException(ExitCodes.Usage, "audit serve needs --client-ca (mTLS) or --token-file (bearer token): it never accepts unauthenticated events");
            }

            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endpoint))
            {
                throw new CliException(ExitCodes.Usage, $"--listen '{parse.GetValue(listen)}' is not HOST:PORT with an IP address");
            }

            var storeUri = parse.GetValue(store)!;
            using var key = LoadSigningKey(parse.GetValue(signing)!, storeUri);
            X509Certificate2 serverCert;
            try
            {
                using var pem = X509Certificate2.CreateFromPemFile(parse.GetValue(cert)!, parse.GetValue(certKey)!);
                serverCert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pfx), null);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Usage, $"--tls-cert/--tls-key: {ex.Message}");
            }

            using (serverCert)
            {
                X509Certificate2Collection? ca = null;
                if (parse.GetValue(clientCa) is { } caFile)
                {
                    ca = [];
                    try
                    {
                        ca.ImportFromPemFile(caFile);
                    }
                    catch (Exception ex) when (ex is CryptographicException or IOException)
                    {
                        throw new CliException(ExitCodes.Usage, $"--client-ca {caFile}: {ex.Message}");
                    }

                    if (ca.Count == 0)
                    {
                        throw new CliException(ExitCodes.Usage, $"--client-ca {caFile}: no certificate in the file");
                    }
                }

                string? token = null;
                if (parse.GetValue(tokenFile) is { } tf)
                {
                    token = ReadFile(tf, "--token-file").Trim();
                    if (token.Length < 16)
                    {
                        throw new CliException(ExitCodes.Usage, $"--token-file {tf}: the token is shorter than 16 characters");
                    }
                }

                var (detectionOptions, rules) = detection.Resolve(parse);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                AlertWebhook? webhook = null;
                if (parse.GetValue(alertWebhook) is { } hook)
                {
                    if (!Uri.TryCreate(hook, UriKind.Absolute, out var hookUri) || hookUri.Scheme is not ("http" or "https"))
                    {
                        throw new CliException(ExitCodes.Usage, $"--alert-webhook '{hook}' is not an http(s) URL");
                    }

                    webhook = new AlertWebhook(http, hookUri);
                }

                await using var alerts = new AlertDispatcher(new Detector(rules, detectionOptions), parse.InvocationConfiguration.Output, webhook);
                await using var s = await OpenStoreAsync(storeUri, create: true, ct, parse.GetValue(origin)).ConfigureAwait(false);
                using var log = new AuditLog(s, key);
                var options = new AuditSinkOptions
                {
                    OnCommitted = alerts.Inspect,
                    Listen = endpoint,
                    ServerCertificate = serverCert,
                    ClientCa = ca,
                    Token = token,
                    CheckpointInterval = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(interval))),
                };
                AuditSink sink;
                try
                {
                    sink = await AuditSink.StartAsync(log, options, ct).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    throw new CliException(ExitCodes.Runtime, $"cannot listen on {endpoint}: {ex.Message}");
                }

                await using (sink.ConfigureAwait(false))
                {
                    Terminal.Info($"phiguard: audit sink listening on {sink.Address} ({(ca is null ? "bearer token" : "mTLS")}), store {Describe(storeUri)}");
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Ctrl-C or SIGTERM: stop accepting, then seal what was committed.
                    }

                    await sink.StopAsync(CancellationToken.None).ConfigureAwait(false);
                    Terminal.Info($"phiguard: stopped; {await s.SizeAsync(CancellationToken.None).ConfigureAwait(false)} events sealed");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Ingest()
    {
        var files = new Argument<string[]>("FILE") { Description = "Log-backend files (JSON lines).", Arity = ArgumentArity.OneOrMore };
        var store = StoreOption();
        var signing = new Option<string>("--signing-key") { Description = "Checkpoint private key (signing.key); not beside the log.", Required = true };
        var origin = new Option<string?>("--origin") { Description = $"Log name on a new log's checkpoints (default {StoreFactory.DefaultOrigin})." };
        var command = new Command("ingest", "Import log-backend audit files (JSON lines) into the log, skipping events already stored, and sign a checkpoint.");
        command.Arguments.Add(files);
        command.Options.Add(store);
        command.Options.Add(signing);
        command.Options.Add(origin);
        command.SetAction(async (parse, ct) =>
        {
            var storeUri = parse.GetValue(store)!;
            using var key = LoadSigningKey(parse.GetValue(signing)!, storeUri);
            await using var s = await OpenStoreAsync(storeUri, create: true, ct, parse.GetValue(origin)).ConfigureAwait(false);
            using var log = new AuditLog(s, key);
            long appended = 0, duplicates = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    await foreach (var batch in LogFileReader.ReadBatchesAsync(file, 400, ct).ConfigureAwait(false))
                    {
                        var r = await log.AppendAsync(batch, ct).ConfigureAwait(false);
                        appended += r.Appended;
                        duplicates += r.Duplicates;
                    }
                }
                catch (InvalidDataException ex)
                {
                    // Batches before the bad line are committed; seal them before reporting.
                    await log.CheckpointAsync(ct).ConfigureAwait(false);
                    throw new CliException(ExitCodes.Usage, ex.Message);
                }
            }

            await log.CheckpointAsync(ct).ConfigureAwait(false);
            parse.InvocationConfiguration.Output.WriteLine($"ingested {appended} events ({duplicates} already stored); log size {await s.SizeAsync(ct).ConfigureAwait(false)}, checkpoint signed");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify()
    {
        var store = StoreOption();
        store.Required = false;
        var key = KeyOption();
        var trusted = new Option<string[]>("--checkpoint") { Description = "A checkpoint kept outside the store (signed note file); repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var exports = new Option<string[]>("--export") { Description = "An export directory ('audit export') to verify offline; repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("verify", "Recompute the whole Merkle tree from the stored events and check every checkpoint and its signature; or verify exported segments offline.");
        command.Options.Add(store);
        command.Options.Add(key);
        command.Options.Add(trusted);
        command.Options.Add(exports);
        command.SetAction(async (parse, ct) =>
        {
            var exportDirs = parse.GetValue(exports) ?? [];
            if (parse.GetValue(store) is null && exportDirs.Length == 0)
            {
                throw new CliException(ExitCodes.Usage, "audit verify needs --store URI or --export DIR");
            }

            using var pub = LoadKey(parse.GetValue(key)!);
            var output = parse.InvocationConfiguration.Output;
            var exit = ExitCodes.Ok;
            foreach (var dir in exportDirs)
            {
                var r = await AuditTrail.Retention.ExportVerifier.VerifyAsync(dir, pub, ct).ConfigureAwait(false);
                if (r.Intact)
                {
                    output.WriteLine($"verified export {dir}: indexes {r.Manifest!.From}..{r.Manifest.To - 1} ({r.Events} events) of '{r.Manifest.Origin}' against its signed checkpoint at size {r.Manifest.TreeSize}");
                    continue;
                }

                exit = ExitCodes.Findings;
                output.WriteLine($"TAMPERED: export {dir}: {r.Problems.Count} problem(s)");
                foreach (var p in r.Problems)
                {
                    output.WriteLine($"  {p.Kind}: {p.Detail}");
                }
            }

            if (parse.GetValue(store) is not { } storeUri)
            {
                return exit;
            }

            var notes = (parse.GetValue(trusted) ?? []).Select(f => ReadFile(f, "--checkpoint")).ToList();
            await using var s = await OpenStoreAsync(storeUri, create: false, ct).ConfigureAwait(false);
            var report = await LogVerifier.VerifyAsync(s, pub, notes, ct).ConfigureAwait(false);
            if (report.Intact)
            {
                output.WriteLine($"verified: {report.Events} events, {report.Checkpoints} checkpoints; sealed up to size {report.SealedSize}"
                    + (report.Events > report.SealedSize ? $", {report.Events - report.SealedSize} newer events not yet sealed" : string.Empty)
                    + (report.Pruned > 0 ? $"; {report.Pruned} pruned events checked by leaf hash (their bodies are in exports)" : string.Empty));
                return exit;
            }

            output.WriteLine($"TAMPERED: {report.Problems.Count} problem(s) in {report.Events} events, {report.Checkpoints} checkpoints");
            foreach (var p in report.Problems)
            {
                output.WriteLine($"  {p.Kind}: {p.Detail}");
            }

            return ExitCodes.Findings;
        });
        return command;
    }

    private static Command Prove()
    {
        var store = StoreOption();
        var key = KeyOption();
        var auditId = new Option<string>("--event") { Description = "The event's auditID.", Required = true };
        var command = new Command("prove", "Print an inclusion proof (JSON) of an event against the newest signed checkpoint.");
        command.Options.Add(store);
        command.Options.Add(key);
        command.Options.Add(auditId);
        command.SetAction(async (parse, ct) =>
        {
            using var pub = LoadKey(parse.GetValue(key)!);
            await using var s = await OpenStoreAsync(parse.GetValue(store)!, create: false, ct).ConfigureAwait(false);
            IReadOnlyList<InclusionProof> proofs;
            try
            {
                proofs = await Prover.ProveEventAsync(s, pub, parse.GetValue(auditId)!, ct).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                throw new CliException(ExitCodes.Findings, ex.Message);
            }

            var json = proofs.Select(p => new
            {
                auditID = p.AuditId,
                stage = p.Stage,
                leafIndex = p.LeafIndex,
                treeSize = p.TreeSize,
                leafHash = Convert.ToBase64String(p.LeafHash),
                proof = p.Path.Select(Convert.ToBase64String).ToArray(),
                checkpoint = p.Checkpoint,
            });
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(json, Json));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Consistency()
    {
        var store = StoreOption();
        var key = KeyOption();
        var from = new Option<string>("--from") { Description = "An older checkpoint (signed note file) to prove the log grew from.", Required = true };
        var command = new Command("consistency", "Prove (JSON) that the log only grew since an older checkpoint: nothing in it was changed or removed.");
        command.Options.Add(store);
        command.Options.Add(key);
        command.Options.Add(from);
        command.SetAction(async (parse, ct) =>
        {
            using var pub = LoadKey(parse.GetValue(key)!);
            var note = ReadFile(parse.GetValue(from)!, "--from");
            await using var s = await OpenStoreAsync(parse.GetValue(store)!, create: false, ct).ConfigureAwait(false);
            ConsistencyProof proof;
            try
            {
                proof = await Prover.ProveConsistencyAsync(s, pub, note, ct).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                throw new CliException(ExitCodes.Findings, ex.Message);
            }

            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new
            {
                size1 = proof.Size1,
                size2 = proof.Size2,
                root1 = Convert.ToBase64String(proof.Root1),
                root2 = Convert.ToBase64String(proof.Root2),
                proof = proof.Path.Select(Convert.ToBase64String).ToArray(),
                checkpoint = proof.Checkpoint,
            }, Json));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Query()
    {
        var store = StoreOption();
        var user = new Option<string?>("--user") { Description = "Exact username." };
        var verb = new Option<string?>("--verb") { Description = "Exact verb (get, create, delete, …)." };
        var resource = new Option<string?>("--resource") { Description = "Resource (pods, secrets, …)." };
        var ns = new Option<string?>("--namespace") { Description = "Namespace." };
        var since = new Option<string?>("--since") { Description = "Start: a duration back from now (7d, 12h, 30m) or an ISO-8601 time." };
        var until = new Option<string?>("--until") { Description = "End (exclusive): a duration back from now or an ISO-8601 time." };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var limit = new Option<int>("--limit") { Description = "Most events to print.", DefaultValueFactory = _ => 1000 };
        var command = new Command("query", "List stored audit events matching filters, in log order.");
        foreach (var o in new Option[] { store, user, verb, resource, ns, since, until, format, limit })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var q = new EventQuery
            {
                User = parse.GetValue(user),
                Verb = parse.GetValue(verb),
                Resource = parse.GetValue(resource),
                Namespace = parse.GetValue(ns),
                Since = ParseTime(parse.GetValue(since), "--since", now),
                Until = ParseTime(parse.GetValue(until), "--until", now),
                Limit = Math.Max(1, parse.GetValue(limit)),
            };
            await using var s = await OpenStoreAsync(parse.GetValue(store)!, create: false, ct).ConfigureAwait(false);
            var events = await s.QueryAsync(q, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(events.Select(e => new
                {
                    index = e.Index,
                    auditID = e.Event.AuditId,
                    stage = e.Event.Stage,
                    time = e.Event.Timestamp.ToString("O", CultureInfo.InvariantCulture),
                    user = e.Event.User,
                    verb = e.Event.Verb,
                    resource = e.Event.Resource,
                    subresource = e.Event.Subresource,
                    @namespace = e.Event.Namespace,
                    name = e.Event.Name,
                    code = e.Event.Code,
                }), Json));
                return ExitCodes.Ok;
            }

            output.WriteLine($"{"INDEX",-8} {"TIME",-20} {"USER",-28} {"VERB",-8} {"RESOURCE",-28} {"NAMESPACE",-16} CODE");
            foreach (var e in events)
            {
                var r = e.Event.Subresource.Length > 0 ? $"{e.Event.Resource}/{e.Event.Subresource}" : e.Event.Resource;
                output.WriteLine($"{e.Index,-8} {e.Event.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20} {e.Event.User,-28} {e.Event.Verb,-8} {r,-28} {e.Event.Namespace,-16} {e.Event.Code}");
            }

            Terminal.Info($"phiguard: {events.Count} events");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static DateTimeOffset? ParseTime(string? value, string option, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > 1 && long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            switch (value[^1])
            {
                case 'd': return now.AddDays(-n);
                case 'h': return now.AddHours(-n);
                case 'm': return now.AddMinutes(-n);
                case 's': return now.AddSeconds(-n);
                default: break;
            }
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t;
        }

        throw new CliException(ExitCodes.Usage, $"{option} '{value}': expected a duration (7d, 12h, 30m, 45s) or an ISO-8601 time");
    }

    internal static async Task<IAuditStore> OpenStoreAsync(string uri, bool create, CancellationToken ct, string? origin = null)
    {
        try
        {
            return await StoreFactory.OpenAsync(uri, create, ct, origin).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ExitCodes.Usage, ex.Message);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException(ExitCodes.Usage, ex.Message);
        }
        catch (Exception ex) when (ex is NpgsqlException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Runtime, $"cannot open store {Describe(uri)}: {ex.Message}");
        }
    }

    private static SigningKey LoadSigningKey(string path, string storeUri)
    {
        // The key that signs checkpoints must not sit beside the log it seals: whoever can rewrite the log could
        // then re-sign it too.
        if (storeUri.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var logDir = Path.GetDirectoryName(Path.GetFullPath(storeUri["sqlite:".Length..]));
            var keyDir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (string.Equals(logDir, keyDir, StringComparison.Ordinal))
            {
                throw new CliException(ExitCodes.Usage, $"--signing-key {path} is in the same directory as the log; keep the private key elsewhere");
            }
        }

        var key = LoadKey(path);
        if (!key.HasPrivate)
        {
            key.Dispose();
            throw new CliException(ExitCodes.Usage, $"--signing-key {path} is a public key; give signing.key");
        }

        return key;
    }

    internal static SigningKey LoadKey(string path)
    {
        try
        {
            return SigningKey.Load(path);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException(ExitCodes.Usage, ex.Message);
        }
    }

    private static string ReadFile(string path, string option)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"{option} {path}: {ex.Message}");
        }
    }

    // Store URIs may carry a password; only scheme, host and database are ever printed.
    private static string Describe(string uri)
    {
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? uri : uri[..(uri.IndexOf("://", StringComparison.Ordinal) + 3)] + "…" + uri[at..];
    }
}
