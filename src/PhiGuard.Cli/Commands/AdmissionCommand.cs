using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using PhiGuard.Admission;
using PhiGuard.Admission.Deploy;
using PhiGuard.Controls;
using PhiGuard.Core.Config;
using PhiGuard.Sources.Config;

namespace PhiGuard.Cli.Commands;

/// <summary><c>phiguard admission serve|manifests</c>: run the validating webhook, or print its deployment.</summary>
internal static class AdmissionCommand
{
    public static Command Create()
    {
        var command = new Command("admission", "Enforce the workload and resource controls when objects are created (validating webhook).");
        command.Subcommands.Add(Serve());
        command.Subcommands.Add(Manifests());
        return command;
    }

    private static Command Serve()
    {
        var cert = new Option<string>("--tls-cert") { Description = "Serving certificate (PEM); reloaded when the file changes.", Required = true };
        var key = new Option<string>("--tls-key") { Description = "Private key of the certificate (PEM).", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on.", DefaultValueFactory = _ => "0.0.0.0:8443" };
        var config = new Option<string?>("--config") { Description = "phiguard.yaml (waivers, PHI namespaces, admission settings)." };
        var command = new Command("serve", "Serve /validate (AdmissionReview v1), /healthz, /readyz and /metrics over HTTPS.");
        command.Options.Add(cert);
        command.Options.Add(key);
        command.Options.Add(listen);
        command.Options.Add(config);
        command.SetAction(async (parse, ct) =>
        {
            var endpoint = ParseListen(parse.GetValue(listen)!);
            var cfg = LoadConfig(parse.GetValue(config));
            var certPath = parse.GetValue(cert)!;
            var keyPath = parse.GetValue(key)!;
            try
            {
                _ = CertificateReloader.Load(File.ReadAllBytes(certPath), File.ReadAllBytes(keyPath));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                throw new CliException(ExitCodes.Usage, $"cannot load the TLS certificate {certPath} with key {keyPath}: {ex.Message}");
            }

            var app = AdmissionServer.Build(new AdmissionServerOptions
            {
                Listen = endpoint,
                CertificatePath = certPath,
                KeyPath = keyPath,
                Config = cfg,
                Controls = BuiltInControls.All,
            });
            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(ct).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    throw new CliException(ExitCodes.Runtime, $"cannot listen on {endpoint}: {ex.Message}");
                }

                Terminal.Info($"phiguard admission: listening on https://{endpoint} ({AdmissionEngine.AdmissionControls(BuiltInControls.All).Count} controls, default mode {AdmissionRoute.ModeName(cfg.Admission.DefaultMode)})");
                // The host handles SIGTERM itself (it stops the application rather than letting the command's
                // token fire), so wait for either: the kubelet's SIGTERM must end the pod gracefully.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, app.Lifetime.ApplicationStopping);
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: stop gracefully.
                }

                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Manifests()
    {
        var ns = new Option<string>("--namespace", "-n") { Description = "Namespace to install into.", DefaultValueFactory = _ => "phiguard-system" };
        var certManager = new Option<bool>("--cert-manager") { Description = "Use cert-manager for the serving certificate (CA injected); otherwise a CA and certificate are generated now." };
        var image = new Option<string?>("--image") { Description = "Container image of phiguard, name:tag (or name@sha256:...)." };
        var imageDigest = new Option<string?>("--image-digest") { Description = "Digest of that image (sha256:<64 hex>), appended to it: PHI-scope scans require images pinned by digest." };
        var apiServerCidr = new Option<string[]>("--apiserver-cidr")
        {
            Description = "Address range the API server calls the webhook from (repeatable); only these may reach its port. Default: any source.",
        };
        var defaultMode = new Option<string>("--default-mode") { Description = "Mode for namespaces without a phiguard.io/enforce|warn|audit label.", DefaultValueFactory = _ => "warn" };
        defaultMode.AcceptOnlyFromAmong("enforce", "warn", "audit");
        var command = new Command("manifests", "Print a complete, hardened deployment of the webhook (kubectl apply -f -).");
        command.Options.Add(ns);
        command.Options.Add(certManager);
        command.Options.Add(image);
        command.Options.Add(imageDigest);
        command.Options.Add(apiServerCidr);
        command.Options.Add(defaultMode);
        command.SetAction(parse =>
        {
            var name = parse.GetValue(ns)!;
            if (name.Length is 0 or > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') ||
                name.StartsWith('-') || name.EndsWith('-'))
            {
                throw new CliException(ExitCodes.Usage, $"--namespace '{name}' is not a valid namespace name (lower-case letters, digits and '-', at most 63)");
            }

            var options = new ManifestOptions
            {
                Namespace = name,
                CertManager = parse.GetValue(certManager),
                DefaultMode = AdmissionRoute.ParseMode(parse.GetValue(defaultMode)!) ?? AdmissionMode.Warn,
            };
            if (parse.GetValue(image) is { Length: > 0 } img)
            {
                options = options with { Image = img };
            }

            if (parse.GetValue(imageDigest) is { } digest)
            {
                if (!IsSha256Digest(digest))
                {
                    throw new CliException(ExitCodes.Usage, $"--image-digest '{digest}' is not a digest such as sha256:<64 lower-case hex digits>");
                }

                if (options.Image.Contains('@', StringComparison.Ordinal))
                {
                    throw new CliException(ExitCodes.Usage, $"--image '{options.Image}' already carries a digest; drop --image-digest or the digest in --image");
                }

                options = options with { ImageDigest = digest };
            }

            var cidrs = parse.GetValue(apiServerCidr) ?? [];
            if (cidrs.FirstOrDefault(c => !IPNetwork.TryParse(c, out _)) is { } bad)
            {
                throw new CliException(ExitCodes.Usage, $"--apiserver-cidr '{bad}' is not a CIDR such as 10.0.0.0/16");
            }

            options = options with { ApiServerCidrs = cidrs };
            parse.InvocationConfiguration.Output.Write(ManifestGenerator.Generate(options, BuiltInControls.All));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool IsSha256Digest(string value) =>
        value.StartsWith("sha256:", StringComparison.Ordinal) && value.Length == 71 &&
        value.Skip(7).All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static IPEndPoint ParseListen(string value)
    {
        if (IPEndPoint.TryParse(value, out var ep) && ep.Port > 0)
        {
            return ep;
        }

        throw new CliException(ExitCodes.Usage, $"--listen '{value}' is not an address:port such as 0.0.0.0:8443");
    }

    private static PhiGuardConfig LoadConfig(string? path)
    {
        if (path is null)
        {
            return PhiGuardConfig.Default;
        }

        var loaded = ConfigLoader.Load(path);
        var known = BuiltInControls.All.Select(c => c.Id).Append(AdmissionEngine.SignatureControlId).ToHashSet(StringComparer.Ordinal);
        var errors = loaded.Errors.Select(e => e.ToString()).ToList();
        errors.AddRange(loaded.Config.Waivers.Where(w => !known.Contains(w.Control))
            .Select(w => $"{w.Source?.ToString() ?? path}: waiver names unknown control '{w.Control}'"));
        if (errors.Count > 0)
        {
            throw new CliException(ExitCodes.Usage, string.Join(Environment.NewLine, errors));
        }

        return loaded.Config;
    }
}
