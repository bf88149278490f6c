namespace PhiGuard.Core.Config;

/// <summary>What the admission webhook does with a violation, as Pod Security Admission's modes.</summary>
public enum AdmissionMode
{
    /// <summary>Deny the request (HTTP 403 in the AdmissionReview status).</summary>
    Enforce,

    /// <summary>Allow it with warnings shown to the client.</summary>
    Warn,

    /// <summary>Allow it and record the decision as audit annotations.</summary>
    Audit,
}
