using System.Text.RegularExpressions;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Engine;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Controls.SupplyChain;

/// <summary>
/// Every image of a PHI workload (init, regular and ephemeral containers) comes from a registry on the
/// <c>approvedRegistries</c> allow-list and is pinned by <c>@sha256:</c> digest.
/// </summary>
internal sealed partial class ApprovedRegistriesDigests : WorkloadControl
{
    public override string Id => "approved-registries-digests";

    public override string Title => "PHI images come from approved registries and are pinned by digest";

    public override Severity Severity => Severity.High;

    public override IReadOnlyList<string> Citations => ["164.312(c)(1)", "164.308(a)(5)(ii)(B)"];

    public override IReadOnlyList<string> KeyActivities => ["hipaa-097", "hipaa-029"];

    public override IReadOnlyList<string> Requirements => ["S15", "S29"];

    public override string Rationale =>
        "A tag can be moved to different content at any time and an unknown registry can serve anything: either way " +
        "code nobody reviewed or scanned runs next to PHI. A digest names exactly the bytes that were scanned and " +
        "signed, and an allow-list keeps images to registries under the organisation's control and BAA.";

    public override string Remediation =>
        "List the registries PHI images may come from in phiguard.yaml (`approvedRegistries: [registry.example.com]`), " +
        "mirror third-party images there, and reference every image as `registry.example.com/app@sha256:<digest>` " +
        "(tools such as `crane digest` or `kustomize edit set image` resolve tags to digests). Enforce it at " +
        "admission with a Kyverno or ValidatingAdmissionPolicy rule.";

    public override string Remarks =>
        "A reference with no registry host means Docker Hub (`docker.io`). An allow-list entry matches the registry " +
        "host exactly or, when it contains a path (`registry.example.com/ehr`), that path prefix. A reference with " +
        "both a tag and a digest passes the digest rule (the digest decides what runs). With no `approvedRegistries` " +
        "configured every PHI workload fails, since nothing can be shown to come from an approved source.";

    public override void Check(Workload workload, ControlContext context, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var allow = context.Config.ApprovedRegistries;
        if (allow.Count == 0)
        {
            verdict.Fail(string.Empty, "no approvedRegistries are configured in phiguard.yaml, so no PHI image can be shown to come from an approved registry");
        }

        var count = 0;
        foreach (var c in workload.Containers)
        {
            count++;
            var path = $"{c.Path}.image";
            var image = c.Json.GetString("image");
            if (string.IsNullOrWhiteSpace(image))
            {
                verdict.Fail(path, $"container \"{c.Name}\" names no image");
                continue;
            }

            var parsed = ImageRef.Parse(image);
            var (registry, repository) = (parsed.Registry, parsed.Repository);
            if (allow.Count > 0 && !allow.Any(a => Allowed(a, registry, repository)))
            {
                verdict.Fail(path, $"container \"{c.Name}\" image {image} comes from {registry}, which is not in approvedRegistries ({string.Join(", ", allow)})");
            }

            if (!Digest().IsMatch(image))
            {
                verdict.Fail(path, $"container \"{c.Name}\" image {image} is not pinned by @sha256: digest");
            }
        }

        verdict.Pass($"all {count} image(s) come from approved registries, pinned by digest");
    }

    private static bool Allowed(string entry, string registry, string repository)
    {
        var e = entry.TrimEnd('/');
        var slash = e.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return string.Equals(e, registry, StringComparison.OrdinalIgnoreCase);
        }

        var full = $"{registry}/{repository}";
        return string.Equals(e[..slash], registry, StringComparison.OrdinalIgnoreCase) &&
               (full.Equals(e, StringComparison.Ordinal) || full.StartsWith(e + "/", StringComparison.Ordinal));
    }

    [GeneratedRegex("@sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();
}
