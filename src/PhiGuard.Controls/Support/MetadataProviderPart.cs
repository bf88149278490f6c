using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Support;

/// <summary>
/// The provider part of <c>cloud-metadata-blocked</c>: instance-metadata hardening on the nodes as the provider
/// description states it (<see cref="ProviderNodeSettings.MetadataHardening"/>); not assessable when the cluster
/// looks managed but no description was given; nothing to judge when the cluster does not look managed.
/// </summary>
internal static class MetadataProviderPart
{
    public static void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var view = ControlPlaneView.Of(context.Inventory);
        if (view.Provider is { } provider)
        {
            foreach (var a in ProviderNodeSettings.MetadataHardening(provider))
            {
                switch (a.Status)
                {
                    case Status.Pass:
                        verdict.Pass(provider.Object, "provider part: " + a.Message);
                        break;
                    case Status.Fail:
                        verdict.Fail(provider.Object, a.Path, "provider part: " + a.Message);
                        break;
                    default:
                        verdict.NotAssessable(provider.Object, "provider part: " + a.Message);
                        break;
                }
            }
        }
        else if (view.ManagedProvider is { } managed)
        {
            verdict.NotAssessable(null,
                $"provider part: {managed.ToUpperInvariant()} node metadata hardening (IMDSv2 hop limit 1 / GKE_METADATA / IMDS restriction) is not visible without the provider description (--provider FILE)");
        }
    }
}
