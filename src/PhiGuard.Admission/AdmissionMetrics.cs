using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PhiGuard.Admission;

/// <summary>
/// The webhook's metrics: requests counted by decision, kind and operation, and a latency histogram in seconds;
/// exported as Prometheus text on <c>/metrics</c> through OpenTelemetry.
/// </summary>
public sealed class AdmissionMetrics : IDisposable
{
    public const string MeterName = "PhiGuard.Admission";
    public const string RequestsName = "phiguard.admission.requests";
    public const string DurationName = "phiguard.admission.duration";

    /// <summary>Bucket bounds in seconds, fine below 5 ms where the latency target is.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
        [0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Meter meter;
    private readonly Counter<long> requests;
    private readonly Histogram<double> duration;

    public AdmissionMetrics(IMeterFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        meter = factory.Create(MeterName);
        requests = meter.CreateCounter<long>(RequestsName, unit: "{request}", description: "AdmissionReviews answered, by decision, kind and operation");
        duration = meter.CreateHistogram<double>(DurationName, unit: "s", description: "Time to answer an AdmissionReview, server side");
    }

    public void Record(string decision, string kind, string operation, bool dryRun, double seconds)
    {
        var tags = new TagList
        {
            { "decision", decision },
            { "kind", kind },
            { "operation", operation },
            { "dry_run", dryRun ? "true" : "false" },
        };
        requests.Add(1, tags);
        duration.Record(seconds, new KeyValuePair<string, object?>("decision", decision));
    }

    public void Dispose() => meter.Dispose();
}
