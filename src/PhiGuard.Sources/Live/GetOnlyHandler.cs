namespace PhiGuard.Sources.Live;

/// <summary>
/// Refuses any request that is not a GET before it leaves the process: the scanner is read-only towards clusters,
/// and this makes that a property of the HTTP pipeline rather than of every call site.
/// </summary>
internal sealed class GetOnlyHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != HttpMethod.Get)
        {
            throw new InvalidOperationException($"PhiGuard is read-only towards clusters; refused {request.Method} {request.RequestUri?.AbsolutePath}");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
