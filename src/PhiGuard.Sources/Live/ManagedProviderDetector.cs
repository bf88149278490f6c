namespace PhiGuard.Sources.Live;

/// <summary>
/// Recognises a managed control plane (EKS, GKE, AKS) from the server's version string and endpoint, where those
/// providers leave a mark; unknown means self-managed or not recognisable, never a guess.
/// </summary>
internal static class ManagedProviderDetector
{
    public static string? Detect(string? gitVersion, string? server)
    {
        if (gitVersion is not null)
        {
            if (gitVersion.Contains("-eks-", StringComparison.OrdinalIgnoreCase))
            {
                return "eks";
            }

            if (gitVersion.Contains("-gke.", StringComparison.OrdinalIgnoreCase))
            {
                return "gke";
            }
        }

        if (server is not null && Uri.TryCreate(server, UriKind.Absolute, out var uri))
        {
            var host = uri.Host;
            if (host.EndsWith(".eks.amazonaws.com", StringComparison.OrdinalIgnoreCase))
            {
                return "eks";
            }

            if (host.EndsWith(".azmk8s.io", StringComparison.OrdinalIgnoreCase))
            {
                return "aks";
            }
        }

        return null;
    }
}
