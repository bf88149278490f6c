using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PhiGuard.Sources.Tests.Node;

/// <summary>
/// A fake node root: the kubeadm example snapshot plus what a real control-plane node also has — PKI certificates
/// and private keys (0600), a kubelet client certificate+key behind an absolute symlink, and component kubeconfigs
/// with credentials. <see cref="Secrets"/> lists every secret text the collector must never copy.
/// </summary>
internal sealed class FakeNode : IDisposable
{
    private readonly TempDir dir = new();

    public FakeNode()
    {
        var example = Path.Combine(RepoRoot, "examples/node-snapshots/kubeadm-control-plane");
        foreach (var file in Directory.EnumerateFiles(example, "*", SearchOption.AllDirectories))
        {
            Write(Path.GetRelativePath(example, file), File.ReadAllText(file));
        }

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ca = new CertificateRequest("CN=kubernetes", caKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaCertificate = ca.ExportCertificatePem();
        Write("etc/kubernetes/pki/ca.crt", CaCertificate);
        Secret("etc/kubernetes/pki/ca.key", caKey.ExportECPrivateKeyPem());
        using var sa = RSA.Create(2048);
        Write("etc/kubernetes/pki/sa.pub", sa.ExportSubjectPublicKeyInfoPem());
        Secret("etc/kubernetes/pki/sa.key", sa.ExportPkcs8PrivateKeyPem());
        using var etcdKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Write("etc/kubernetes/pki/etcd/ca.crt", CaCertificate);
        Secret("etc/kubernetes/pki/etcd/ca.key", etcdKey.ExportPkcs8PrivateKeyPem());

        using var kubeletKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kubeletCert = new CertificateRequest("CN=system:node:cp-1", kubeletKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        KubeletCertificate = kubeletCert.ExportCertificatePem();
        var kubeletPrivate = kubeletKey.ExportECPrivateKeyPem();
        Secrets.Add(kubeletPrivate);
        Write("var/lib/kubelet/pki/kubelet-client-2026-11-27-10-00-00.pem", KubeletCertificate + "\n" + kubeletPrivate + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // kubelet writes an absolute symlink: the collector must follow it inside the root, not on the real host.
        File.CreateSymbolicLink(Path.Combine(Root, "var/lib/kubelet/pki/kubelet-client-current.pem"), "/var/lib/kubelet/pki/kubelet-client-2026-11-27-10-00-00.pem");

        Secret("etc/kubernetes/admin.conf", Kubeconfig("kubernetes-admin", "client-key-data: QURNSU4tS0VZLVNFQ1JFVC0xMjM0"));
        Secrets.Add("QURNSU4tS0VZLVNFQ1JFVC0xMjM0");
        Secret("etc/kubernetes/kubelet.conf", Kubeconfig("system:node:cp-1", "client-key: /var/lib/kubelet/pki/kubelet-client-current.pem"));
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    public string Root => dir.Path;

    public string CaCertificate { get; }

    public string KubeletCertificate { get; }

    /// <summary>Texts that must appear in no collected file.</summary>
    public List<string> Secrets { get; } = [];

    public static string Kubeconfig(string user, string credential) =>
        $"apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.10:6443\n    certificate-authority-data: Q0EtREFUQQ==\n" +
        $"contexts:\n- name: x\n  context:\n    cluster: c\n    user: {user}\ncurrent-context: x\nusers:\n- name: {user}\n  user:\n    client-certificate-data: Q0VSVA==\n    {credential}\n";

    public string Write(string relative, string content, UnixFileMode? mode = null)
    {
        var full = dir.Write(relative, content);
        if (mode is { } m && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, m);
        }

        return full;
    }

    public void Secret(string relative, string content)
    {
        Secrets.Add(content.Trim());
        Write(relative, content, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Every file under <paramref name="folder"/> with its text.</summary>
    public static IEnumerable<(string Path, string Text)> Texts(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => (f, File.ReadAllText(f)));

    public void Dispose() => dir.Dispose();

    private static string FindRepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "PhiGuard.slnx")))
        {
            d = d.Parent;
        }

        return d?.FullName ?? throw new InvalidOperationException("PhiGuard.slnx not found above the test folder");
    }
}
