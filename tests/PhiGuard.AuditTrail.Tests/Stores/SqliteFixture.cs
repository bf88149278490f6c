using Microsoft.Data.Sqlite;
using PhiGuard.AuditTrail.Stores;

namespace PhiGuard.AuditTrail.Tests.Stores;

internal sealed class SqliteFixture : IStoreFixture
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phiguard-audit-").FullName;

    public string Path => System.IO.Path.Combine(_dir, "audit.db");

    public string Uri => "sqlite:" + Path;

    public Task<IAuditStore> OpenAsync() => StoreFactory.OpenAsync(Uri, create: true, CancellationToken.None);

    public async Task ExecAsync(string sql, params object[] args)
    {
        await using var c = new SqliteConnection($"Data Source={Path};Pooling=False");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
        {
            cmd.Parameters.AddWithValue("@p" + i, args[i]);
        }

        await cmd.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless.
        }

        return ValueTask.CompletedTask;
    }
}
