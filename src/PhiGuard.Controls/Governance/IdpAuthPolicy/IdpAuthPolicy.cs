using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Governance;

/// <summary>
/// Manual item: a statement, with the IdP configuration attached, that the identity provider enforces MFA,
/// conditional access, session and idle limits and token lifetimes for the cluster's clients and PHI
/// applications.
/// </summary>
internal sealed class IdpAuthPolicy : ManualControl
{
    public override string Id => "idp-auth-policy";

    public override string Title => "Identity provider enforces MFA and session limits";

    public override IReadOnlyList<string> Citations => ["164.308(a)(5)(ii)(D)", "164.312(a)(2)(iii)", "164.312(d)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-031", "hipaa-088", "hipaa-105"];

    public override IReadOnlyList<string> Requirements => ["S24"];

    public override EvidenceKind Evidence => EvidenceKind.Attestation;

    public override string EvidenceExpected =>
        "A statement, with the IdP configuration attached, that the identity provider enforces MFA, " +
        "conditional access, session and idle limits and token lifetimes for the cluster's clients and PHI " +
        "applications.";

    public override string Rationale =>
        "Cluster authentication is delegated to the IdP, so password management, automatic logoff and strong " +
        "authentication are only as good as its policies, which the cluster cannot see.";
}
