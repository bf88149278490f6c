using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Support;

/// <summary>A cluster control over every kubelet configuration in the inventory; not assessable when there is none.</summary>
internal abstract class KubeletControl : ClusterControl
{
    public override IReadOnlyList<string> Kinds => ["KubeletConfiguration"];

    public sealed override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var view = ControlPlaneView.Of(context.Inventory);
        if (view.KubeletConfigs.Count == 0)
        {
            verdict.NotAssessable(ControlPlaneView.KubeletHiddenReason);
            return;
        }

        foreach (var config in view.KubeletConfigs)
        {
            CheckKubelet(new KubeletSettings(config), context, verdict);
        }
    }

    protected abstract void CheckKubelet(KubeletSettings kubelet, ControlContext context, ClusterVerdict verdict);
}
