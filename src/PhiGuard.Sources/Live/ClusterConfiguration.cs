using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;

namespace PhiGuard.Sources.Live;

/// <summary>
/// Picks the client configuration as kubectl does: an explicit kubeconfig, else <c>$KUBECONFIG</c> (a list of
/// files), else <c>~/.kube/config</c>, else the in-cluster service account when running in a pod.
/// </summary>
internal static class ClusterConfiguration
{
    internal const string InClusterContext = "in-cluster";

    /// <summary>A resolved configuration with the context name for facts and a description for messages.</summary>
    internal sealed record Resolved(KubernetesClientConfiguration Configuration, string ContextName, string Description);

    public static Resolved Resolve(ClusterLoadOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        if (UseInCluster(options, environment))
        {
            try
            {
                return new Resolved(KubernetesClientConfiguration.InClusterConfig(), InClusterContext, "the in-cluster service account");
            }
            catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or FormatException)
            {
                throw new ClusterAccessException(
                    ClusterAccessFailure.Configuration,
                    $"cannot use the in-cluster configuration: {ApiClient.OneLine(ex.Message)}",
                    ex);
            }
        }

        var files = KubeconfigFiles(options, environment);
        var shown = string.Join(Path.PathSeparator, files);
        var missing = files.Where(f => !File.Exists(f)).ToArray();
        if (options.KubeconfigPath is not null && missing.Length > 0)
        {
            throw new ClusterAccessException(ClusterAccessFailure.Configuration, $"kubeconfig {options.KubeconfigPath} not found");
        }

        var existing = files.Where(File.Exists).ToArray();
        if (existing.Length == 0)
        {
            throw new ClusterAccessException(
                ClusterAccessFailure.Configuration,
                $"no kubeconfig found (looked at {shown}); give --kubeconfig or set KUBECONFIG");
        }

        try
        {
            var merged = LoadMerged(existing);
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, options.Context);
            var context = config.CurrentContext ?? options.Context ?? "(none)";
            return new Resolved(config, context, $"context \"{context}\" of kubeconfig {string.Join(Path.PathSeparator, existing)}");
        }
        catch (YamlException ex)
        {
            throw new ClusterAccessException(
                ClusterAccessFailure.Configuration,
                $"kubeconfig {string.Join(Path.PathSeparator, existing)}: invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ApiClient.OneLine(ex.Message)}",
                ex);
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or FormatException or
                                       ArgumentException or NullReferenceException or
                                       System.Security.Cryptography.CryptographicException)
        {
            // NullReferenceException: the client dereferences missing sections (no clusters, no users) unchecked.
            var what = options.Context is null ? "the current context" : $"context \"{options.Context}\"";
            throw new ClusterAccessException(
                ClusterAccessFailure.Configuration,
                $"kubeconfig {string.Join(Path.PathSeparator, existing)}: cannot use {what}: {ApiClient.OneLine(ex.Message)}",
                ex);
        }
    }

    /// <summary>
    /// Merges several kubeconfig files as kubectl does for <c>KUBECONFIG=a:b</c>: the first file to name a context,
    /// cluster or user (or the current context) wins.
    /// </summary>
    private static K8SConfiguration LoadMerged(string[] files)
    {
        var configs = files.Select(f => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(f), true)).ToArray();
        if (configs.Length == 1)
        {
            return configs[0];
        }

        var merged = configs[0];
        merged.CurrentContext = configs.Select(c => c.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        merged.Contexts = configs.SelectMany(c => c.Contexts ?? []).DistinctBy(c => c.Name, StringComparer.Ordinal).ToArray();
        merged.Clusters = configs.SelectMany(c => c.Clusters ?? []).DistinctBy(c => c.Name, StringComparer.Ordinal).ToArray();
        merged.Users = configs.SelectMany(c => c.Users ?? []).DistinctBy(c => c.Name, StringComparer.Ordinal).ToArray();
        return merged;
    }

    private static bool UseInCluster(ClusterLoadOptions options, Func<string, string?> environment)
    {
        if (options.InCluster)
        {
            return true;
        }

        return options.KubeconfigPath is null && options.Context is null &&
               string.IsNullOrEmpty(environment("KUBECONFIG")) &&
               !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")) &&
               !File.Exists(DefaultKubeconfig(environment));
    }

    private static string[] KubeconfigFiles(ClusterLoadOptions options, Func<string, string?> environment)
    {
        if (options.KubeconfigPath is not null)
        {
            return [options.KubeconfigPath];
        }

        var fromEnv = environment("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return [DefaultKubeconfig(environment)];
    }

    private static string DefaultKubeconfig(Func<string, string?> environment) =>
        Path.Combine(environment("HOME") ?? environment("USERPROFILE") ?? ".", ".kube", "config");
}
