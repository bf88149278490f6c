using PhiGuard.Controls;
using PhiGuard.Core.Engine;

namespace PhiGuard.Admission.Tests.Support;

/// <summary>
/// The built-in controls the decision tests name in their expectations; the full set is covered by the shape test.
/// </summary>
internal static class TestControlSet
{
    public static Control[] Named { get; } =
        BuiltInControls.All.Where(c => c.Id is "readonly-root-filesystem" or "ingress-tls-all-hosts" or "psa-restricted-enforced").ToArray();
}
