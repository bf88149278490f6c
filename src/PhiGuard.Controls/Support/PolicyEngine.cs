namespace PhiGuard.Controls.Support;

/// <summary>Where an admission policy is enforced; the webhook engines must have working webhooks too.</summary>
internal enum PolicyEngine
{
    /// <summary>Kyverno (webhooks <c>validate.kyverno.svc*</c>, <c>mutate.kyverno.svc*</c>).</summary>
    Kyverno,

    /// <summary>OPA Gatekeeper (webhook <c>validation.gatekeeper.sh</c>).</summary>
    Gatekeeper,

    /// <summary>Sigstore policy-controller (webhook <c>policy.sigstore.dev</c>).</summary>
    Sigstore,

    /// <summary>ValidatingAdmissionPolicy, evaluated in the API server: no webhook.</summary>
    ValidatingAdmissionPolicy,

    /// <summary>Pod Security Admission, built into the API server: no webhook.</summary>
    PodSecurityAdmission,
}
