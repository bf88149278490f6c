using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using PhiGuard.Admission.Images;

namespace PhiGuard.Admission;

/// <summary>
/// The validating webhook: Kestrel over HTTPS with a certificate reloaded from disk, <c>/validate…</c> for
/// AdmissionReviews, <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> (Prometheus text). Stateless: every
/// decision follows from the request, its path and the config.
/// </summary>
public static class AdmissionServer
{
    public static WebApplication Build(AdmissionServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reloader = new CertificateReloader(options.CertificatePath, options.KeyPath, options.Time);
        var verifier = options.Verifier ?? (options.Config.Admission.SignatureKeys.Count > 0
            ? new CosignVerifier(options.Config.Admission.SignatureKeys, options.Config.Admission.InsecureRegistries, time: options.Time)
            : null);
        var engine = new AdmissionEngine(options.Config, options.Controls, verifier, options.Time);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // A failure to start (port in use) is reported by the caller in one line; the host would log its stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = AdmissionReviewReader.MaxBodyBytes * 2L;
            k.Listen(options.Listen, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificateSelector = (_, _) => reloader.Current,
                    SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                });
            });
        });
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(reloader);
        builder.Services.AddSingleton<AdmissionMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(AdmissionMetrics.MeterName)
            .AddView(AdmissionMetrics.DurationName, new ExplicitBucketHistogramConfiguration { Boundaries = [.. AdmissionMetrics.DurationBuckets] })
            .AddPrometheusExporter());

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () =>
            reloader.Current.NotAfter.ToUniversalTime() > options.Time.GetUtcNow().UtcDateTime
                ? Results.Text("ok\n")
                : Results.Text("serving certificate has expired\n", statusCode: 503));
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapPost(AdmissionRoute.Prefix + "/{**rest}", (HttpContext ctx, AdmissionEngine e, AdmissionMetrics metrics) => HandleAsync(ctx, e, metrics));
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            reloader.Dispose();
            (verifier as IDisposable)?.Dispose();
        });
        return app;
    }

    private static async Task HandleAsync(HttpContext ctx, AdmissionEngine engine, AdmissionMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var route = AdmissionRoute.TryParse(ctx.Request.Path.Value ?? string.Empty, engine.Config.Admission);
        if (route is null)
        {
            await BadRequestAsync(ctx, metrics, started, $"unknown path {ctx.Request.Path}: use /validate[/enforce|warn|audit[/low|medium|high|critical]][/phi]").ConfigureAwait(false);
            return;
        }

        byte[]? body = null;
        try
        {
            (body, var length) = await ReadBodyAsync(ctx).ConfigureAwait(false);
            var (request, doc) = AdmissionReviewReader.Parse(body.AsMemory(0, length));
            using (doc)
            {
                var decision = await engine.DecideAsync(request, route, ctx.RequestAborted).ConfigureAwait(false);
                var output = new ArrayBufferWriter<byte>(512);
                AdmissionReviewWriter.Write(output, request, decision);
                var elapsed = Stopwatch.GetElapsedTime(started);
                metrics.Record(decision.Outcome, request.Kind, request.Operation, request.DryRun, elapsed.TotalSeconds);
                ctx.Response.StatusCode = StatusCodes.Status200OK;

                // Server-side time, for load tests and for tracing the webhook's share of API latency.
                ctx.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"admission;dur={elapsed.TotalMilliseconds:0.###}");
                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength = output.WrittenCount;
                await ctx.Response.Body.WriteAsync(output.WrittenMemory, ctx.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (AdmissionRequestException ex)
        {
            await BadRequestAsync(ctx, metrics, started, ex.Message).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            await BadRequestAsync(ctx, metrics, started, $"bad request: {ex.Message}").ConfigureAwait(false);
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    /// <summary>
    /// Reads the body into a pooled buffer (the caller returns it), refusing more than
    /// <see cref="AdmissionReviewReader.MaxBodyBytes"/> whatever Content-Length claims.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContext ctx)
    {
        var max = AdmissionReviewReader.MaxBodyBytes;
        if (ctx.Request.ContentLength > max)
        {
            throw new AdmissionRequestException($"request body of {ctx.Request.ContentLength} bytes is larger than the {max} bytes an AdmissionReview may take");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)(ctx.Request.ContentLength ?? 16 * 1024) + 1);
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > max)
                    {
                        throw new AdmissionRequestException($"request body is larger than the {max} bytes an AdmissionReview may take");
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, total).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var n = await ctx.Request.Body.ReadAsync(buffer.AsMemory(total), ctx.RequestAborted).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                total += n;
                if (total > max)
                {
                    throw new AdmissionRequestException($"request body is larger than the {max} bytes an AdmissionReview may take");
                }
            }

            return (buffer, total);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static async Task BadRequestAsync(HttpContext ctx, AdmissionMetrics metrics, long started, string message)
    {
        metrics.Record("bad-request", "unknown", "unknown", false, Stopwatch.GetElapsedTime(started).TotalSeconds);
        ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync("phiguard admission: " + message + "\n", ctx.RequestAborted).ConfigureAwait(false);
    }
}
