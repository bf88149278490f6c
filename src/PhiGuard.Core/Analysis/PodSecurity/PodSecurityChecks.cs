using System.Text.Json;
using PhiGuard.Core.Inventory;

namespace PhiGuard.Core.Analysis.PodSecurity;

/// <summary>
/// The Pod Security Standards checks as upstream Pod Security Admission defines them
/// (k8s.io/pod-security-admission/policy), with the policy version each one (or each variant) starts at.
/// </summary>
internal static class PodSecurityChecks
{
    private static readonly HashSet<string> BaselineCapabilities = new(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
        "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    private static readonly string[] RestrictedVolumeSources =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    // Sysctls the baseline level allows, with the policy version that first allows each (upstream check_sysctls.go).
    private static readonly (string Name, int Since)[] SafeSysctls =
    [
        ("kernel.shm_rmid_forced", 0),
        ("net.ipv4.ip_local_port_range", 0),
        ("net.ipv4.tcp_syncookies", 0),
        ("net.ipv4.ping_group_range", 0),
        ("net.ipv4.ip_unprivileged_port_start", 0),
        ("net.ipv4.ip_local_reserved_ports", 27),
        ("net.ipv4.tcp_keepalive_time", 29),
        ("net.ipv4.tcp_fin_timeout", 29),
        ("net.ipv4.tcp_keepalive_intvl", 29),
        ("net.ipv4.tcp_keepalive_probes", 29),
        ("net.ipv4.tcp_rmem", 32),
        ("net.ipv4.tcp_wmem", 32),
        ("net.ipv4.tcp_slow_start_after_idle", 37),
        ("net.ipv4.tcp_notsent_lowat", 37),
    ];

    private static readonly string[] ProbeFields = ["livenessProbe", "readinessProbe", "startupProbe"];

    /// <summary>Every check, baseline first, in upstream order.</summary>
    public static IReadOnlyList<PodSecurityCheck> All { get; } =
    [
        new("appArmorProfile", PodSecurityLevel.Baseline, 0, AppArmorProfile),
        new("capabilities_baseline", PodSecurityLevel.Baseline, 0, CapabilitiesBaseline),
        new("hostNamespaces", PodSecurityLevel.Baseline, 0, HostNamespaces),
        new("hostPathVolumes", PodSecurityLevel.Baseline, 0, HostPathVolumes),
        new("hostPorts", PodSecurityLevel.Baseline, 0, HostPorts),
        new("hostProbesAndHostLifecycle", PodSecurityLevel.Baseline, 34, HostProbesAndHostLifecycle),
        new("privileged", PodSecurityLevel.Baseline, 0, Privileged),
        new("procMount", PodSecurityLevel.Baseline, 0, ProcMountBaseline),
        new("seccompProfile_baseline", PodSecurityLevel.Baseline, 0, SeccompBaseline),
        new("seLinuxOptions", PodSecurityLevel.Baseline, 0, SeLinuxOptions),
        new("sysctls", PodSecurityLevel.Baseline, 0, Sysctls),
        new("windowsHostProcess", PodSecurityLevel.Baseline, 0, WindowsHostProcess),
        new("allowPrivilegeEscalation", PodSecurityLevel.Restricted, 8, AllowPrivilegeEscalation),
        new("capabilities_restricted", PodSecurityLevel.Restricted, 22, CapabilitiesRestricted, "capabilities_baseline"),
        new("procMount_restricted", PodSecurityLevel.Restricted, 35, ProcMountRestricted, "procMount"),
        new("restrictedVolumes", PodSecurityLevel.Restricted, 0, RestrictedVolumes, "hostPathVolumes"),
        new("runAsNonRoot", PodSecurityLevel.Restricted, 0, RunAsNonRoot),
        new("runAsUser", PodSecurityLevel.Restricted, 23, RunAsUser),
        new("seccompProfile_restricted", PodSecurityLevel.Restricted, 19, SeccompRestricted, "seccompProfile_baseline"),
    ];

    private static CheckFailure? AppArmorProfile(PodInput pod, int minor)
    {
        const string prefix = "container.apparmor.security.beta.kubernetes.io/";
        var bad = new Failures();
        foreach (var (key, value) in pod.Annotations)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && value.Length > 0 && value != "runtime/default" &&
                !value.StartsWith("localhost/", StringComparison.Ordinal))
            {
                bad.Add($"{key}=\"{value}\"", $"metadata.annotations[\"{key}\"]");
            }
        }

        if (pod.PodSecurityContext?.GetObject("appArmorProfile")?.GetString("type") is { } podType && !AllowedAppArmorType(podType))
        {
            bad.Add($"pod appArmorProfile.type=\"{podType}\"", pod.Path("securityContext.appArmorProfile.type"));
        }

        foreach (var c in pod.Containers)
        {
            if (c.SecurityContext?.GetObject("appArmorProfile")?.GetString("type") is { } type && !AllowedAppArmorType(type))
            {
                bad.Add($"container \"{c.Name}\" appArmorProfile.type=\"{type}\"", $"{c.Path}.securityContext.appArmorProfile.type");
            }
        }

        return bad.ToFailure("forbidden AppArmor profile", "must not set AppArmor profile type to Unconfined: ");
    }

    private static bool AllowedAppArmorType(string type) => type is "RuntimeDefault" or "Localhost";

    private static CheckFailure? CapabilitiesBaseline(PodInput pod, int minor)
    {
        var bad = new Failures();
        foreach (var c in pod.Containers)
        {
            var i = 0;
            foreach (var cap in Capabilities(c, "add"))
            {
                if (!BaselineCapabilities.Contains(cap))
                {
                    bad.Add($"container \"{c.Name}\" adds {cap}", $"{c.Path}.securityContext.capabilities.add[{i}]");
                }

                i++;
            }
        }

        return bad.ToFailure("non-default capabilities", "must not include capabilities beyond the default set: ");
    }

    private static CheckFailure? HostNamespaces(PodInput pod, int minor)
    {
        var bad = new Failures();
        foreach (var field in (string[])["hostNetwork", "hostPID", "hostIPC"])
        {
            if (pod.Spec.GetBool(field) == true)
            {
                bad.Add($"{field}=true", pod.Path(field));
            }
        }

        return bad.ToFailure("host namespaces", "must not set ");
    }

    private static CheckFailure? HostPathVolumes(PodInput pod, int minor)
    {
        var bad = new Failures();
        var i = 0;
        foreach (var v in pod.Spec.GetArray("volumes"))
        {
            if (v.GetObject("hostPath") is not null)
            {
                bad.Add($"volume \"{v.GetString("name")}\"", pod.Path($"volumes[{i}].hostPath"));
            }

            i++;
        }

        return bad.ToFailure("hostPath volumes", "must not use hostPath volumes: ");
    }

    private static CheckFailure? HostPorts(PodInput pod, int minor)
    {
        var bad = new Failures();
        foreach (var c in pod.Containers)
        {
            var i = 0;
            foreach (var p in c.Json.GetArray("ports"))
            {
                if (p.TryGetProperty("hostPort", out var hp) && hp.ValueKind == JsonValueKind.Number && hp.TryGetInt64(out var n) && n != 0)
                {
                    bad.Add($"container \"{c.Name}\" uses hostPort {n}", $"{c.Path}.ports[{i}].hostPort");
                }

                i++;
            }
        }

        return bad.ToFailure("hostPort", "must not use hostPorts: ");
    }

    private static CheckFailure? HostProbesAndHostLifecycle(PodInput pod, int minor)
    {
        var bad = new Failures();
        foreach (var c in pod.Containers)
        {
            foreach (var probe in ProbeFields)
            {
                CheckHandler(c, c.Json.GetObject(probe), $"{c.Path}.{probe}", probe, bad);
            }

            foreach (var hook in (string[])["postStart", "preStop"])
            {
                CheckHandler(c, c.Json.GetObject("lifecycle")?.GetObject(hook), $"{c.Path}.lifecycle.{hook}", $"lifecycle.{hook}", bad);
            }
        }

        return bad.ToFailure("probe or lifecycle host", "must not set host in probes or lifecycle handlers: ");
    }

    private static void CheckHandler(PodContainer c, JsonElement? handler, string path, string label, Failures bad)
    {
        if (handler is not { } h)
        {
            return;
        }

        foreach (var kind in (string[])["httpGet", "tcpSocket"])
        {
            if (h.GetObject(kind)?.GetString("host") is { Length: > 0 } host)
            {
                bad.Add($"container \"{c.Name}\" {label}.{kind}.host=\"{host}\"", $"{path}.{kind}.host");
            }
        }
    }

    private static CheckFailure? Privileged(PodInput pod, int minor)
    {
        var bad = new Failures();
        foreach (var c in pod.Containers)
        {
            if (c.SecurityContext?.GetBool("privileged") == true)
            {
                bad.Add($"container \"{c.Name}\"", $"{c.Path}.securityContext.privileged");
            }
        }

        return bad.ToFailure("privileged", "must not set securityContext.privileged=true: ");
    }

    private static CheckFailure? ProcMountBaseline(PodInput pod, int minor)
    {
        // From v1.35 a pod in its own user namespace (hostUsers: false) may unmask /proc: it sees only its own.
        if (minor >= 35 && pod.Spec.GetBool("hostUsers") == false)
        {
            return null;
        }

        return ProcMount(pod, "procMount");
    }

    private static CheckFailure? ProcMountRestricted(PodInput pod, int minor) => ProcMount(pod, "procMount");

    private static CheckFailure? ProcMount(PodInput pod, string field)
    {
        var bad = new Failures();
        foreach (var c in pod.Containers)
        {
            if (c.SecurityContext?.GetString(field) is { } value && value != "Default")
            {
                bad.Add($"container \"{c.Name}\" procMount={value}", $"{c.Path}.securityContext.procMount");
            }
        }

        return bad.ToFailure("procMount", "must not set securityContext.procMount to a non-default value: ");
    }

    private static CheckFailure? SeccompBaseline(PodInput pod, int minor)
    {
        var bad = new Failures();
        if (minor < 19)
        {
            // Before v1.19 seccomp was set with alpha annotations.
            const string podKey = "seccomp.security.alpha.kubernetes.io/pod";
            const string containerPrefix = "container.seccomp.security.alpha.kubernetes.io/";
            foreach (var (key, value) in pod.Annotations)
            {
                if ((key == podKey || key.StartsWith(containerPrefix, StringComparison.Ordinal)) && value == "unconfined")
                {
                    bad.Add($"{key}=\"{value}\"", $"metadata.annotations[\"{key}\"]");
                }
            }

            return bad.ToFailure("seccompProfile", "must not set seccomp annotations to unconfined: ");
        }

        if (pod.PodSecurityContext?.GetObject("seccompProfile")?.GetString("type") == "Unconfined")
        {
            bad.Add("pod", pod.Path("securityContext.seccompProfile.type"));
        }

        foreach (var c in pod.Containers)
        {
            if (c.SecurityContext?.GetObject("seccompProfile")?.GetString("type") == "Unconfined")
            {
                bad.Add($"container \"{c.Name}\"", $"{c.Path}.securityContext.seccompProfile.type");
            }
        }

        return bad.ToFailure("seccompProfile", "must not set securityContext.seccompProfile.type to \"Unconfined\": ");
    }

    private static CheckFailure? SeLinuxOptions(PodInput pod, int minor)
    {
        var bad = new Failures();
        CheckSeLinux("pod", pod.PodSecurityContext?.GetObject("seLinuxOptions"), pod.Path("securityContext.seLinuxOptions"), minor, bad);
        foreach (var c in pod.Containers)
        {
            CheckSeLinux($"container \"{c.Name}\"", c.SecurityContext?.GetObject("seLinuxOptions"), $"{c.Path}.securityContext.seLinuxOptions", minor, bad);
        }

        return bad.ToFailure("seLinuxOptions", "must not set forbidden securityContext.seLinuxOptions: ");
    }

    private static void CheckSeLinux(string who, JsonElement? options, string path, int minor, Failures bad)
    {
        if (options is not { } o)
        {
            return;
        }

        var type = o.GetString("type") ?? string.Empty;
        var allowed = type is "" or "container_t" or "container_init_t" or "container_kvm_t" ||
                      (minor >= 31 && type == "container_engine_t");
        if (!allowed)
        {
            bad.Add($"{who} type \"{type}\"", $"{path}.type");
        }

        if (o.GetString("user") is { Length: > 0 } user)
        {
            bad.Add($"{who} user \"{user}\"", $"{path}.user");
        }

        if (o.GetString("role") is { Length: > 0 } role)
        {
            bad.Add($"{who} role \"{role}\"", $"{path}.role");
        }
    }

    private static CheckFailure? Sysctls(PodInput pod, int minor)
    {
        var bad = new Failures();
        var i = 0;
        foreach (var s in pod.PodSecurityContext?.GetArray("sysctls") ?? [])
        {
            var name = s.GetString("name") ?? string.Empty;
            if (!SafeSysctls.Any(x => x.Name == name && x.Since <= minor))
            {
                bad.Add(name, pod.Path($"securityContext.sysctls[{i}].name"));
            }

            i++;
        }

        return bad.ToFailure("forbidden sysctls", "must not set unsafe sysctls: ");
    }

    private static CheckFailure? WindowsHostProcess(PodInput pod, int minor)
    {
        var bad = new Failures();
        if (pod.PodSecurityContext?.GetObject("windowsOptions")?.GetBool("hostProcess") == true)
        {
            bad.Add("pod", pod.Path("securityContext.windowsOptions.hostProcess"));
        }

        foreach (var c in pod.Containers)
        {
            if (c.SecurityContext?.GetObject("windowsOptions")?.GetBool("hostProcess") == true)
            {
                bad.Add($"container \"{c.Name}\"", $"{c.Path}.securityContext.windowsOptions.hostProcess");
            }
        }

        return bad.ToFailure("hostProcess", "must not set securityContext.windowsOptions.hostProcess=true: ");
    }

    private static CheckFailure? AllowPrivilegeEscalation(PodInput pod, int minor)
    {
        if (minor >= 25 && pod.IsWindows)
        {
            return null;
        }

        var bad = new Failures();
        foreach (var c in pod.Containers)
        {
            if (c.SecurityContext?.GetBool("allowPrivilegeEscalation") != false)
            {
                bad.Add($"container \"{c.Name}\"", $"{c.Path}.securityContext.allowPrivilegeEscalation");
            }
        }

        return bad.ToFailure("allowPrivilegeEscalation != false", "must set securityContext.allowPrivilegeEscalation=false: ");
    }

    private static CheckFailure? CapabilitiesRestricted(PodInput pod, int minor)
    {
        if (minor >= 25 && pod.IsWindows)
        {
            return null;
        }

        var bad = new Failures();
        foreach (var c in pod.Containers)
        {
            if (!Capabilities(c, "drop").Contains("ALL", StringComparer.Ordinal))
            {
                bad.Add($"container \"{c.Name}\" does not drop ALL", $"{c.Path}.securityContext.capabilities.drop");
            }

            var i = 0;
            foreach (var cap in Capabilities(c, "add"))
            {
                if (cap != "NET_BIND_SERVICE")
                {
                    bad.Add($"container \"{c.Name}\" adds {cap}", $"{c.Path}.securityContext.capabilities.add[{i}]");
                }

                i++;
            }
        }

        return bad.ToFailure("unrestricted capabilities", "must set securityContext.capabilities.drop=[\"ALL\"] and add at most NET_BIND_SERVICE: ");
    }

    private static CheckFailure? RestrictedVolumes(PodInput pod, int minor)
    {
        var bad = new Failures();
        var i = 0;
        foreach (var v in pod.Spec.GetArray("volumes"))
        {
            if (v.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in v.EnumerateObject())
                {
                    if (p.Name != "name" && p.Value.ValueKind != JsonValueKind.Null && !RestrictedVolumeSources.Contains(p.Name, StringComparer.Ordinal))
                    {
                        bad.Add($"volume \"{v.GetString("name")}\" uses {p.Name}", pod.Path($"volumes[{i}].{p.Name}"));
                    }
                }
            }

            i++;
        }

        return bad.ToFailure("restricted volume types", "must only use allowed volume types: ");
    }

    private static CheckFailure? RunAsNonRoot(PodInput pod, int minor)
    {
        var bad = new Failures();
        var podNonRoot = false;
        switch (pod.PodSecurityContext?.GetBool("runAsNonRoot"))
        {
            case false:
                bad.Add("pod sets runAsNonRoot=false", pod.Path("securityContext.runAsNonRoot"));
                break;
            case true:
                podNonRoot = true;
                break;
        }

        foreach (var c in pod.Containers)
        {
            switch (c.SecurityContext?.GetBool("runAsNonRoot"))
            {
                case false:
                    bad.Add($"container \"{c.Name}\" sets runAsNonRoot=false", $"{c.Path}.securityContext.runAsNonRoot");
                    break;
                case null when !podNonRoot:
                    bad.Add($"container \"{c.Name}\" does not set runAsNonRoot=true (nor does the pod)", $"{c.Path}.securityContext.runAsNonRoot");
                    break;
            }
        }

        return bad.ToFailure("runAsNonRoot != true", "must set securityContext.runAsNonRoot=true: ");
    }

    private static CheckFailure? RunAsUser(PodInput pod, int minor)
    {
        var bad = new Failures();
        if (IsZero(pod.PodSecurityContext, "runAsUser"))
        {
            bad.Add("pod", pod.Path("securityContext.runAsUser"));
        }

        foreach (var c in pod.Containers)
        {
            if (IsZero(c.SecurityContext, "runAsUser"))
            {
                bad.Add($"container \"{c.Name}\"", $"{c.Path}.securityContext.runAsUser");
            }
        }

        return bad.ToFailure("runAsUser=0", "must not set runAsUser=0: ");
    }

    private static bool IsZero(JsonElement? obj, string field) =>
        obj is { } o && o.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n == 0;

    private static CheckFailure? SeccompRestricted(PodInput pod, int minor)
    {
        if (minor >= 25 && pod.IsWindows)
        {
            return null;
        }

        var bad = new Failures();
        var podSet = false;
        if (pod.PodSecurityContext?.GetObject("seccompProfile") is { } podProfile)
        {
            var type = podProfile.GetString("type") ?? string.Empty;
            if (ValidSeccomp(type))
            {
                podSet = true;
            }
            else
            {
                bad.Add($"pod sets seccompProfile.type \"{type}\"", pod.Path("securityContext.seccompProfile.type"));
            }
        }

        foreach (var c in pod.Containers)
        {
            if (c.SecurityContext?.GetObject("seccompProfile") is { } profile)
            {
                var type = profile.GetString("type") ?? string.Empty;
                if (!ValidSeccomp(type))
                {
                    bad.Add($"container \"{c.Name}\" sets seccompProfile.type \"{type}\"", $"{c.Path}.securityContext.seccompProfile.type");
                }
            }
            else if (!podSet)
            {
                bad.Add($"container \"{c.Name}\" has no seccompProfile (nor does the pod)", $"{c.Path}.securityContext.seccompProfile");
            }
        }

        return bad.ToFailure("seccompProfile", "must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\": ");
    }

    private static bool ValidSeccomp(string type) => type is "RuntimeDefault" or "Localhost";

    private static IEnumerable<string> Capabilities(PodContainer c, string list) =>
        (c.SecurityContext?.GetObject("capabilities")?.GetArray(list) ?? [])
        .Where(e => e.ValueKind == JsonValueKind.String)
        .Select(e => e.GetString()!);
}
