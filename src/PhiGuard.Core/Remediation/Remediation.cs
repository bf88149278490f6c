using System.Text.Json.Nodes;

namespace PhiGuard.Core.Remediation;

/// <summary>
/// What a control suggests for one object it failed: field changes that make it pass, and manual steps for the
/// failures a patch cannot fix honestly. Built by <see cref="IRemediable.Suggest"/>.
/// </summary>
public sealed class Remediation
{
    private readonly List<PatchChange> changes = [];
    private readonly List<ManualStep> manual = [];
    private readonly List<string> notes = [];

    public IReadOnlyList<PatchChange> Changes => changes;

    public IReadOnlyList<ManualStep> Manual => manual;

    /// <summary>Things the person applying the patch should know (written as comments at the top of the patch).</summary>
    public IReadOnlyList<string> Notes => notes;

    /// <summary>Sets the field to a value; the same path set twice to the same value is kept once.</summary>
    public Remediation Set(PatchPath path, JsonNode value, string why)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(value);
        Add(new PatchChange(path, value, why));
        return this;
    }

    /// <summary>Sets the field to a boolean.</summary>
    public Remediation Set(PatchPath path, bool value, string why) => Set(path, JsonValue.Create(value), why);

    /// <summary>Sets the field to a string.</summary>
    public Remediation Set(PatchPath path, string value, string why) => Set(path, JsonValue.Create(value), why);

    /// <summary>Removes the field (a strategic merge <c>null</c>, a JSON patch <c>remove</c>).</summary>
    public Remediation Remove(PatchPath path, string why)
    {
        ArgumentNullException.ThrowIfNull(path);
        Add(new PatchChange(path, null, why));
        return this;
    }

    /// <summary>A failure at <paramref name="path"/> that needs a person, and why.</summary>
    public Remediation ManualStep(string path, string reason)
    {
        manual.Add(new ManualStep(path, reason));
        return this;
    }

    public Remediation Note(string note)
    {
        if (!notes.Contains(note, StringComparer.Ordinal))
        {
            notes.Add(note);
        }

        return this;
    }

    private void Add(PatchChange change)
    {
        var existing = changes.FindIndex(c => c.Path == change.Path);
        if (existing < 0)
        {
            changes.Add(change);
        }
        else if (changes[existing].ValueText != change.ValueText)
        {
            throw new InvalidOperationException($"remediation sets {change.Path} twice: {changes[existing].ValueText} and {change.ValueText}");
        }
    }
}
