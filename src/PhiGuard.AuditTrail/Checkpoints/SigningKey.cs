using System.Security.Cryptography;

namespace PhiGuard.AuditTrail.Checkpoints;

/// <summary>
/// An ECDSA P-256 checkpoint key: <c>signing.key</c> (PKCS#8 PEM, private) and <c>signing.pub</c> (SubjectPublicKeyInfo
/// PEM); its C2SP key id is the first four bytes of SHA-256 of the DER public key, as for ECDSA keys elsewhere.
/// </summary>
public sealed class SigningKey : IDisposable
{
    public const string PrivateFileName = "signing.key";
    public const string PublicFileName = "signing.pub";

    private readonly ECDsa _key;

    private SigningKey(ECDsa key, bool hasPrivate)
    {
        _key = key;
        HasPrivate = hasPrivate;
        PublicKeyDer = key.ExportSubjectPublicKeyInfo();
        KeyId = SHA256.HashData(PublicKeyDer).AsSpan(0, 4).ToArray();
    }

    public bool HasPrivate { get; }

    public byte[] PublicKeyDer { get; }

    public byte[] KeyId { get; }

    public static SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), hasPrivate: true);

    /// <summary>Writes both key files into <paramref name="directory"/>; refuses to overwrite an existing key.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var priv = Path.Combine(directory, PrivateFileName);
        var pub = Path.Combine(directory, PublicFileName);
        if (File.Exists(priv) || File.Exists(pub))
        {
            throw new IOException($"{directory} already holds a signing key; refusing to overwrite it");
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(priv, options))
        {
            writer.Write(_key.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(pub, _key.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>Loads a private (PKCS#8 / EC PRIVATE KEY) or public PEM key file.</summary>
    public static SigningKey Load(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read key file: {ex.Message}", ex);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidDataException($"{path}: not a PEM ECDSA key", ex);
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidDataException($"{path}: key is ECDSA-{key.KeySize}; checkpoints use P-256");
        }

        var hasPrivate = pem.Contains("PRIVATE KEY", StringComparison.Ordinal);
        return new SigningKey(key, hasPrivate);
    }

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        if (!HasPrivate)
        {
            throw new InvalidOperationException("a public key cannot sign");
        }

        return _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            return _key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
