using System.Net.Http.Json;

namespace PhiGuard.AuditTrail.Detections;

/// <summary>
/// Posts alerts as JSON to an HTTP endpoint, retrying a failed post (network error, 5xx or 429) with doubling
/// delays; a 4xx other than 429 is not retried since sending the same body again cannot succeed.
/// </summary>
public sealed class AlertWebhook(HttpClient http, Uri endpoint, int attempts = 5, TimeSpan? firstDelay = null)
{
    private readonly TimeSpan _firstDelay = firstDelay ?? TimeSpan.FromSeconds(1);

    /// <summary>Returns true once the endpoint accepted the alerts; false after the last attempt failed.</summary>
    public async Task<bool> SendAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var delay = _firstDelay;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(endpoint, new { alerts }, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                var code = (int)response.StatusCode;
                if (code is >= 400 and < 500 and not 429)
                {
                    return false;
                }
            }
            catch (HttpRequestException)
            {
                // Endpoint down: retry below.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out: retry below.
            }

            if (attempt < attempts)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }

        return false;
    }
}
