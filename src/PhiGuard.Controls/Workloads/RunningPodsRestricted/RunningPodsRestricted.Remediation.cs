using System.Text.Json;
using System.Text.Json.Nodes;
using PhiGuard.Controls.Support;
using PhiGuard.Core.Analysis.PodSecurity;
using PhiGuard.Core.Inventory;
using PhiGuard.Core.Remediation;

namespace PhiGuard.Controls.Workloads;

/// <summary>
/// The fix for <c>running-pods-restricted</c>: the securityContext fields of each violated Pod Security check;
/// volumes, host ports, sysctls, SELinux and Windows host-process settings are left to a person.
/// </summary>
internal sealed partial class RunningPodsRestricted : IRemediable
{
    private const string AppArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

    public Remediation Suggest(RemediationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Workload is not { } w)
        {
            return Remedies.AllManual(request, "not a pod template");
        }

        var r = new Remediation();
        var pod = PatchPath.PodSpec(w);
        var podContext = w.PodSpec.GetObject("securityContext");
        var result = PodSecurityEvaluator.Evaluate(w, PodSecurityLevel.Restricted, PodSecurityVersion.Latest);
        foreach (var v in result.Violations)
        {
            switch (v.Check)
            {
                case "allowPrivilegeEscalation":
                    foreach (var c in w.Containers.Where(c => Context(c)?.GetBool("allowPrivilegeEscalation") != false))
                    {
                        SetOn(r, w, c, "securityContext.allowPrivilegeEscalation", false, $"container \"{c.Name}\": no privilege escalation (setuid binaries, file capabilities)");
                    }

                    break;
                case "privileged":
                    foreach (var c in w.Containers.Where(c => Context(c)?.GetBool("privileged") == true))
                    {
                        SetOn(r, w, c, "securityContext.privileged", false, $"container \"{c.Name}\": not privileged");
                    }

                    break;
                case "capabilities_restricted" or "capabilities_baseline":
                    FixCapabilities(r, w);
                    break;
                case "hostNamespaces":
                    foreach (var field in (string[])["hostNetwork", "hostPID", "hostIPC"])
                    {
                        if (w.PodSpec.GetBool(field) == true)
                        {
                            r.Set(pod.Field(field), false, $"pod: no {field}");
                        }
                    }

                    break;
                case "runAsNonRoot":
                    FixRunAsNonRoot(r, w, pod, podContext);
                    break;
                case "runAsUser":
                    if (IsZero(podContext, "runAsUser"))
                    {
                        r.Remove(pod.Fields("securityContext.runAsUser"), "pod: drop runAsUser 0, so the image's non-root user applies");
                    }

                    foreach (var c in w.Containers.Where(c => IsZero(Context(c), "runAsUser")))
                    {
                        RemoveOn(r, w, c, "securityContext.runAsUser", $"container \"{c.Name}\": drop runAsUser 0, so the image's non-root user applies");
                    }

                    r.Note("runAsUser: 0 is removed rather than replaced: PhiGuard does not know which UID the image runs as. " +
                           "With runAsNonRoot: true the kubelet refuses to start a container whose image user is root.");
                    break;
                case "seccompProfile_restricted" or "seccompProfile_baseline":
                    FixSeccomp(r, w, pod, podContext);
                    break;
                case "procMount_restricted" or "procMount":
                    foreach (var c in w.Containers.Where(c => Context(c)?.GetString("procMount") is { } m && m != "Default"))
                    {
                        SetOn(r, w, c, "securityContext.procMount", "Default", $"container \"{c.Name}\": default /proc mask");
                    }

                    break;
                case "appArmorProfile":
                    FixAppArmor(r, w, pod, podContext);
                    break;
                default:
                    foreach (var path in v.Paths.DefaultIfEmpty(w.PodSpecPath))
                    {
                        r.ManualStep(path, ManualReason(v.Check));
                    }

                    break;
            }
        }

        return r;
    }

    private static string ManualReason(string check) => check switch
    {
        "hostPathVolumes" or "restrictedVolumes" =>
            "the volume type is not allowed: replace it with a persistentVolumeClaim, configMap, secret, emptyDir, csi or projected volume, which changes what the workload reads",
        "hostPorts" => "remove the hostPort and reach the pod through a Service; clients that use the node port must change",
        "sysctls" => "the sysctl is not in the safe set: drop it or move the setting to the node",
        "seLinuxOptions" => "set only an allowed SELinux type (container_t, container_init_t, container_kvm_t) and no user or role, after checking the policy the workload needs",
        "windowsHostProcess" => "a Windows host-process container has no restricted equivalent: run the task on the node or redesign it",
        "hostProbesAndHostLifecycle" => "probes and lifecycle handlers must not name a host: point them at the pod itself",
        _ => $"no mechanical fix for Pod Security check {check}",
    };

    private static JsonElement? Context(Container c) => c.Json.GetObject("securityContext");

    private static bool IsZero(JsonElement? obj, string field) =>
        obj is { } o && o.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n == 0;

    private static void SetOn(Remediation r, Workload w, Container c, string field, JsonNode value, string why)
    {
        if (Remedies.ContainerField(r, w, c, field, $"{c.Path}.{field}") is { } path)
        {
            r.Set(path, value, why);
        }
    }

    private static void SetOn(Remediation r, Workload w, Container c, string field, bool value, string why) =>
        SetOn(r, w, c, field, JsonValue.Create(value), why);

    private static void SetOn(Remediation r, Workload w, Container c, string field, string value, string why) =>
        SetOn(r, w, c, field, JsonValue.Create(value), why);

    private static void RemoveOn(Remediation r, Workload w, Container c, string field, string why)
    {
        if (Remedies.ContainerField(r, w, c, field, $"{c.Path}.{field}") is { } path)
        {
            r.Remove(path, why);
        }
    }

    private static void FixCapabilities(Remediation r, Workload w)
    {
        foreach (var c in w.Containers)
        {
            var caps = Context(c)?.GetObject("capabilities");
            var drop = Strings(caps, "drop");
            var add = Strings(caps, "add");
            if (!drop.Contains("ALL", StringComparer.Ordinal))
            {
                // drop is a plain list: a strategic merge replaces it, and ALL covers whatever it held.
                SetOn(r, w, c, "securityContext.capabilities.drop", new JsonArray("ALL"), $"container \"{c.Name}\": drop every capability");
            }

            var removed = add.Where(a => a != "NET_BIND_SERVICE").ToList();
            if (removed.Count == 0)
            {
                continue;
            }

            var why = $"container \"{c.Name}\": stop adding {string.Join(", ", removed)} (restricted allows only NET_BIND_SERVICE); a process that needs them cannot run under restricted";
            if (add.Contains("NET_BIND_SERVICE", StringComparer.Ordinal))
            {
                SetOn(r, w, c, "securityContext.capabilities.add", new JsonArray("NET_BIND_SERVICE"), why);
            }
            else
            {
                RemoveOn(r, w, c, "securityContext.capabilities.add", why);
            }
        }
    }

    private static void FixRunAsNonRoot(Remediation r, Workload w, PatchPath pod, JsonElement? podContext)
    {
        var podValue = podContext?.GetBool("runAsNonRoot");
        if (podValue != true && w.Containers.Any(c => Context(c)?.GetBool("runAsNonRoot") is null))
        {
            r.Set(pod.Fields("securityContext.runAsNonRoot"), true, "pod: containers must run as a non-root user");
        }

        foreach (var c in w.Containers.Where(c => Context(c)?.GetBool("runAsNonRoot") == false))
        {
            SetOn(r, w, c, "securityContext.runAsNonRoot", true, $"container \"{c.Name}\": must run as a non-root user");
        }

        if (podValue == false && !w.Containers.Any(c => Context(c)?.GetBool("runAsNonRoot") is null))
        {
            // Every container decides for itself, but the pod-level false is still reported: set it true too.
            r.Set(pod.Fields("securityContext.runAsNonRoot"), true, "pod: containers must run as a non-root user");
        }

        r.Note("runAsNonRoot: true makes the kubelet refuse a container whose image runs as root: the image must name a " +
               "non-root USER (numeric), or set securityContext.runAsUser to the non-root UID it expects.");
    }

    private static void FixSeccomp(Remediation r, Workload w, PatchPath pod, JsonElement? podContext)
    {
        var podProfile = podContext?.GetObject("seccompProfile");
        var podType = podProfile?.GetString("type");
        if (podType is not ("RuntimeDefault" or "Localhost"))
        {
            r.Set(pod.Fields("securityContext.seccompProfile.type"), "RuntimeDefault", "pod: the container runtime's default seccomp filter");
            if (podProfile?.Has("localhostProfile") == true)
            {
                r.Remove(pod.Fields("securityContext.seccompProfile.localhostProfile"), "pod: a localhostProfile is only valid with type Localhost");
            }
        }

        foreach (var c in w.Containers)
        {
            if (Context(c)?.GetObject("seccompProfile") is not { } profile || profile.GetString("type") is "RuntimeDefault" or "Localhost")
            {
                continue;
            }

            SetOn(r, w, c, "securityContext.seccompProfile.type", "RuntimeDefault", $"container \"{c.Name}\": the container runtime's default seccomp filter");
            if (profile.Has("localhostProfile"))
            {
                RemoveOn(r, w, c, "securityContext.seccompProfile.localhostProfile", $"container \"{c.Name}\": a localhostProfile is only valid with type Localhost");
            }
        }
    }

    private static void FixAppArmor(Remediation r, Workload w, PatchPath pod, JsonElement? podContext)
    {
        if (podContext?.GetObject("appArmorProfile")?.GetString("type") is { } podType && podType is not ("RuntimeDefault" or "Localhost"))
        {
            r.Set(pod.Fields("securityContext.appArmorProfile.type"), "RuntimeDefault", "pod: the container runtime's default AppArmor profile");
        }

        foreach (var c in w.Containers)
        {
            if (Context(c)?.GetObject("appArmorProfile")?.GetString("type") is { } type && type is not ("RuntimeDefault" or "Localhost"))
            {
                SetOn(r, w, c, "securityContext.appArmorProfile.type", "RuntimeDefault", $"container \"{c.Name}\": the container runtime's default AppArmor profile");
            }
        }

        if (w.PodMetadata?.GetObject("annotations") is { } annotations)
        {
            var meta = Remedies.PodMetadata(w).Field("annotations");
            foreach (var a in annotations.EnumerateObject())
            {
                var value = a.Value.ValueKind == JsonValueKind.String ? a.Value.GetString()! : a.Value.GetRawText();
                if (a.Name.StartsWith(AppArmorAnnotationPrefix, StringComparison.Ordinal) && value.Length > 0 &&
                    value != "runtime/default" && !value.StartsWith("localhost/", StringComparison.Ordinal))
                {
                    r.Set(meta.Field(a.Name), "runtime/default", $"annotation {a.Name}: the runtime's default AppArmor profile");
                }
            }
        }
    }

    private static List<string> Strings(JsonElement? obj, string field) =>
        (obj?.GetArray(field) ?? []).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
}
