using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PhiGuard.Admission;

/// <summary>
/// Serves the TLS certificate from PEM files and picks up a new one when the files change (cert-manager renews
/// the Secret in place), without a restart: at most once per <see cref="CheckEvery"/> a handshake compares the
/// files' bytes with what is loaded. A half-written or broken pair keeps the previous certificate.
/// </summary>
public sealed class CertificateReloader : IDisposable
{
    private readonly string certPath;
    private readonly string keyPath;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private X509Certificate2 current;
    private byte[] certBytes;
    private byte[] keyBytes;
    private DateTimeOffset nextCheck;

    public CertificateReloader(string certPath, string keyPath, TimeProvider? time = null)
    {
        this.certPath = certPath;
        this.keyPath = keyPath;
        this.time = time ?? TimeProvider.System;
        certBytes = File.ReadAllBytes(certPath);
        keyBytes = File.ReadAllBytes(keyPath);
        current = Load(certBytes, keyBytes);
        nextCheck = this.time.GetUtcNow() + CheckEvery;
    }

    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Times a changed pair was loaded.</summary>
    public int Reloads { get; private set; }

    public X509Certificate2 Current
    {
        get
        {
            var now = time.GetUtcNow();
            if (now < nextCheck)
            {
                return current;
            }

            lock (gate)
            {
                if (now >= nextCheck)
                {
                    nextCheck = now + CheckEvery;
                    TryReload();
                }

                return current;
            }
        }
    }

    public void Dispose() => current.Dispose();

    /// <summary>Reads a PEM pair; Kestrel needs the key persisted in the certificate object on some platforms, so export once.</summary>
    public static X509Certificate2 Load(byte[] certPem, byte[] keyPem)
    {
        using var pair = X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(certPem), System.Text.Encoding.ASCII.GetString(keyPem));
        return X509CertificateLoader.LoadPkcs12(pair.Export(X509ContentType.Pkcs12), null);
    }

    private void TryReload()
    {
        try
        {
            var c = File.ReadAllBytes(certPath);
            var k = File.ReadAllBytes(keyPath);
            if (c.AsSpan().SequenceEqual(certBytes) && k.AsSpan().SequenceEqual(keyBytes))
            {
                return;
            }

            var loaded = Load(c, k);
            var old = current;
            current = loaded;
            certBytes = c;
            keyBytes = k;
            Reloads++;

            // Handshakes in flight may still hold the old certificate; let the GC collect it rather than dispose it under them.
            GC.KeepAlive(old);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            // Mid-rotation the two files can disagree for a moment; keep serving the previous pair.
        }
    }
}
