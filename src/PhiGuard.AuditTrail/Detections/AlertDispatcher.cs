using System.Text.Json;
using System.Threading.Channels;
using PhiGuard.AuditTrail.Events;

namespace PhiGuard.AuditTrail.Detections;

/// <summary>
/// Runs the detector over committed events and delivers alerts off the request path: one JSON line per alert to a
/// writer (stdout), and batches to an optional webhook with retry; a full queue drops the oldest alerts, never events.
/// </summary>
public sealed class AlertDispatcher : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly Detector _detector;
    private readonly TextWriter _output;
    private readonly AlertWebhook? _webhook;
    private readonly Channel<Alert> _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Lock _inspectLock = new();
    private readonly Task _loop;

    public AlertDispatcher(Detector detector, TextWriter output, AlertWebhook? webhook)
    {
        _detector = detector ?? throw new ArgumentNullException(nameof(detector));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _webhook = webhook;
        _loop = Task.Run(DeliverAsync);
    }

    public void Inspect(IReadOnlyList<AuditEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);

        // The detector keeps per-user windows: batches committed in parallel are inspected one at a time.
        lock (_inspectLock)
        {
            foreach (var e in events)
            {
                foreach (var alert in _detector.Inspect(e))
                {
                    _queue.Writer.TryWrite(alert);
                }
            }
        }
    }

    private async Task DeliverAsync()
    {
        var batch = new List<Alert>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < 100 && _queue.Reader.TryRead(out var alert))
            {
                batch.Add(alert);
                await _output.WriteLineAsync(JsonSerializer.Serialize(alert, Json)).ConfigureAwait(false);
            }

            await _output.FlushAsync().ConfigureAwait(false);
            if (_webhook is not null)
            {
                await _webhook.SendAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }

            batch.Clear();
        }
    }

    /// <summary>Delivers what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
