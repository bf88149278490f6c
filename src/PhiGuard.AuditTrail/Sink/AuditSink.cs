using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhiGuard.AuditTrail.Events;

namespace PhiGuard.AuditTrail.Sink;

/// <summary>
/// Receives the API server's audit webhook (POST of an audit.k8s.io/v1 EventList) over TLS and answers 200 only
/// after the batch is durably committed; 503 when busy or when the store fails, so the API server retries and
/// nothing is acknowledged and then lost.
/// </summary>
public sealed class AuditSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AuditLog _log;
    private readonly AuditSinkOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly byte[]? _token;
    private readonly CancellationTokenSource _stop = new();
    private Task _checkpointLoop = Task.CompletedTask;

    private AuditSink(WebApplication app, AuditLog log, AuditSinkOptions options)
    {
        _app = app;
        _log = log;
        _options = options;
        _slots = new SemaphoreSlim(options.MaxConcurrentBatches, options.MaxConcurrentBatches);
        _token = options.Token is null ? null : Encoding.UTF8.GetBytes(options.Token);
    }

    /// <summary>The address actually bound (port 0 in the options picks a free one).</summary>
    public Uri Address { get; private set; } = null!;

    public static async Task<AuditSink> StartAsync(AuditLog log, AuditSinkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ClientCa is null && string.IsNullOrEmpty(options.Token))
        {
            throw new ArgumentException("the audit sink needs --client-ca (mTLS) or --token-file (bearer token)");
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.Listen(options.Listen, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = options.ServerCertificate;
                if (options.ClientCa is { } ca)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (cert, _, _) => ChainsTo(cert, ca);
                }
            }));
        });

        var app = builder.Build();
        var sink = new AuditSink(app, log, options);
        app.Run(sink.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"https://{options.Listen}";
        var port = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
        sink.Address = new Uri($"https://{(options.Listen.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : options.Listen.Address)}:{port}/");
        sink._checkpointLoop = sink.CheckpointLoopAsync(sink._stop.Token);
        return sink;
    }

    private static bool ChainsTo(X509Certificate2 cert, X509Certificate2Collection ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(cert);
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            ctx.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!Authorised(ctx))
        {
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!await _slots.WaitAsync(_options.QueueWait, ctx.RequestAborted).ConfigureAwait(false))
        {
            ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            ctx.Response.Headers.RetryAfter = "1";
            return;
        }

        try
        {
            byte[] body;
            try
            {
                using var buffer = new MemoryStream();
                await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted).ConfigureAwait(false);
                body = buffer.ToArray();
            }
            catch (BadHttpRequestException ex)
            {
                ctx.Response.StatusCode = ex.StatusCode;
                return;
            }

            IReadOnlyList<AuditEvent> events;
            try
            {
                events = AuditEventParser.ParseEventList(body);
            }
            catch (InvalidDataException ex)
            {
                ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
                await ctx.Response.WriteAsync(ex.Message + "\n", ctx.RequestAborted).ConfigureAwait(false);
                return;
            }

            try
            {
                var result = await _log.AppendAsync(events, ctx.RequestAborted).ConfigureAwait(false);
                try
                {
                    _options.OnCommitted?.Invoke(events);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Detections must never turn a committed batch into an error the API server would retry.
                }

                ctx.Response.StatusCode = StatusCodes.Status200OK;
                await ctx.Response.WriteAsync($"{{\"appended\":{result.Appended},\"duplicates\":{result.Duplicates}}}\n", ctx.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Nothing was committed (the append is one transaction): the API server retries on 503.
                ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                ctx.Response.Headers.RetryAfter = "1";
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private bool Authorised(HttpContext ctx)
    {
        if (_options.ClientCa is not null && ctx.Connection.ClientCertificate is not null)
        {
            return true; // Kestrel already refused any certificate that does not chain to the client CA.
        }

        if (_token is null)
        {
            return false;
        }

        var header = ctx.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()), _token);
    }

    private async Task CheckpointLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.CheckpointInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await _log.CheckpointAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store is down for now; the next tick tries again and the events stay unsealed, not lost.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Stops accepting, waits for in-flight batches, then seals everything committed with a final checkpoint.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _checkpointLoop.ConfigureAwait(false);
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await _log.CheckpointAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _slots.Dispose();
    }
}
