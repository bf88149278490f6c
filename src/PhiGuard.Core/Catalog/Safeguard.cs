namespace PhiGuard.Core.Catalog;

/// <summary>Whether a citation is a standard or an implementation specification, and if so Required or Addressable.</summary>
public enum SafeguardType
{
    /// <summary>A standard that has implementation specifications below it.</summary>
    Standard,

    /// <summary>A standard with no implementation specifications (mandatory in itself) or a Required specification.</summary>
    Required,

    /// <summary>An Addressable implementation specification (164.306(d)(3)).</summary>
    Addressable,
}

/// <summary>One HIPAA Security Rule standard or implementation specification (45 CFR 164.308–164.316).</summary>
public sealed record Safeguard
{
    /// <summary>The citation as written in the rule, e.g. <c>164.312(a)(2)(iv)</c>.</summary>
    public required string Citation { get; init; }

    public required string Title { get; init; }

    public required SafeguardType Type { get; init; }

    /// <summary>The section: 164.308, 164.310, 164.312, 164.314 or 164.316 (or another section the NPRM adds to).</summary>
    public required string Section { get; init; }

    /// <summary>The standard this specification belongs to (its own citation for a standard).</summary>
    public required string Standard { get; init; }

    /// <summary>What the citation means on a hosting platform.</summary>
    public string Relevance { get; init; } = string.Empty;

    /// <summary>NIST SP 800-66r2 key activity ids (<c>hipaa-001</c> …) of the standard this citation belongs to.</summary>
    public IReadOnlyList<string> KeyActivities { get; init; } = [];

    /// <summary>Profiles whose report lists this citation (<c>hipaa</c>, <c>hipaa-nprm-2025</c>).</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>For NPRM citations: how sure the numbering is, as CONTROLS.md section 3 says.</summary>
    public string? Confidence { get; init; }
}
