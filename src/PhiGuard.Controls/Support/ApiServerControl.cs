using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.Support;

/// <summary>
/// A cluster control over every kube-apiserver in the inventory. When none is visible, a managed provider's
/// description may decide (<see cref="CheckManaged"/>); otherwise the control is not assessable, never a pass.
/// </summary>
internal abstract class ApiServerControl : ClusterControl
{
    public override IReadOnlyList<string> Kinds => ["Pod"];

    public sealed override void Check(ControlContext context, ClusterVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var view = ControlPlaneView.Of(context.Inventory);
        CheckCluster(view, context, verdict);
        if (view.ApiServers.Count == 0)
        {
            if (view.Provider is { } provider && CheckManaged(provider, context, verdict))
            {
                return;
            }

            verdict.NotAssessable(view.ApiServerHiddenReason);
            return;
        }

        foreach (var api in view.ApiServers)
        {
            CheckApiServer(api, view, context, verdict);
        }
    }

    /// <summary>Judges one API server from its flags and the files they name.</summary>
    protected abstract void CheckApiServer(ControlPlaneComponent api, ControlPlaneView view, ControlContext context, ClusterVerdict verdict);

    /// <summary>Judges a managed cluster from its provider description; false when the description cannot decide.</summary>
    protected virtual bool CheckManaged(ProviderDescription provider, ControlContext context, ClusterVerdict verdict) => false;

    /// <summary>Parts of the control that read objects other than the API server (run whether or not one is visible).</summary>
    protected virtual void CheckCluster(ControlPlaneView view, ControlContext context, ClusterVerdict verdict)
    {
    }

    /// <summary>
    /// The object read from the file a flag names, or null: when the flag is unset (<paramref name="set"/> false),
    /// or when the file is not in the input, in which case that part is recorded as not assessable.
    /// </summary>
    protected static KubeObject? FileOf(ControlPlaneComponent api, ControlPlaneView view, string flag, ClusterVerdict verdict, out bool set)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(verdict);
        var path = api.Flags.Value(flag);
        set = !string.IsNullOrEmpty(path);
        if (!set)
        {
            return null;
        }

        var file = view.FileAt(path!, api.Node);
        if (file is null)
        {
            verdict.NotAssessable(api.Pod, $"--{flag} names {path}, which is not in the input (give the control-plane node's snapshot with --node-snapshot)");
        }

        return file;
    }
}
