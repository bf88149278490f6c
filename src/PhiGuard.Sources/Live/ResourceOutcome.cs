using PhiGuard.Core.Inventory;

namespace PhiGuard.Sources.Live;

/// <summary>What listing one resource type produced: its objects, and why parts of it could not be read.</summary>
internal sealed class ResourceOutcome(ApiResource resource)
{
    public ApiResource Resource { get; } = resource;

    public List<KubeObject> Objects { get; } = [];

    public List<string> GapReasons { get; } = [];

    public List<LoadError> Errors { get; } = [];

    /// <summary>True when the server sent Secret values despite the metadata-only request (they were dropped).</summary>
    public bool SecretValuesDropped { get; set; }

    /// <summary>True when a continue token expired and the list was read again from the start.</summary>
    public bool Restarted { get; set; }
}
