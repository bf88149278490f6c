namespace PhiGuard.AuditTrail.Stores;

/// <summary>
/// Opens a store from its URI: <c>sqlite:PATH</c> or <c>postgres://USER[:PASSWORD]@HOST[:PORT]/DB</c>; anything
/// else is an error naming the accepted forms.
/// </summary>
public static class StoreFactory
{
    public const string DefaultOrigin = "phiguard.local/audit";

    public static async Task<IAuditStore> OpenAsync(string uri, bool create, CancellationToken cancellationToken, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = uri["sqlite:".Length..];
            if (path.Length == 0)
            {
                throw new ArgumentException("--store sqlite: needs a file path, e.g. sqlite:/var/lib/phiguard/audit.db");
            }

            return await SqliteAuditStore.OpenAsync(path, origin, create, cancellationToken).ConfigureAwait(false);
        }

        if (uri.StartsWith("postgres://", StringComparison.Ordinal) || uri.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            return await PostgresAuditStore.OpenAsync(ToConnectionString(uri), origin, cancellationToken).ConfigureAwait(false);
        }

        throw new ArgumentException($"--store '{uri}': expected sqlite:PATH or postgres://USER@HOST:PORT/DB");
    }

    internal static string ToConnectionString(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var u) || u.AbsolutePath.Trim('/').Length == 0)
        {
            throw new ArgumentException($"--store: '{Redact(uri)}' is not postgres://USER@HOST:PORT/DB");
        }

        var info = u.UserInfo.Split(':', 2);
        var b = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = u.Host,
            Port = u.Port > 0 ? u.Port : 5432,
            Database = Uri.UnescapeDataString(u.AbsolutePath.Trim('/')),
            Username = info[0].Length > 0 ? Uri.UnescapeDataString(info[0]) : null,
            Password = info.Length > 1 ? Uri.UnescapeDataString(info[1]) : null,
        };
        return b.ConnectionString;
    }

    // A password in a store URI must never reach an error message.
    private static string Redact(string uri)
    {
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? uri : "postgres://…" + uri[at..];
    }
}
