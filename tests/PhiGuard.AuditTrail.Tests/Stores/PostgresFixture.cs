using Npgsql;
using PhiGuard.AuditTrail.Stores;

namespace PhiGuard.AuditTrail.Tests.Stores;

/// <summary>
/// A fresh database on the test PostgreSQL named by PHIGUARD_TEST_POSTGRES (scripts/test.sh starts one); a missing
/// variable fails the test with the command to run, it never skips silently.
/// </summary>
internal sealed class PostgresFixture : IStoreFixture
{
    private readonly string _admin;
    private readonly string _database = "phiguard_t_" + Guid.NewGuid().ToString("N")[..12];
    private bool _created;

    public PostgresFixture()
    {
        var server = Environment.GetEnvironmentVariable("PHIGUARD_TEST_POSTGRES");
        Assert.False(string.IsNullOrEmpty(server),
            "PHIGUARD_TEST_POSTGRES is not set: run scripts/test.sh, or '. scripts/start-postgres.sh' before dotnet test");
        _admin = StoreFactory.ToConnectionString(server!);
        var u = new Uri(server!);
        Uri = $"postgres://{u.UserInfo}@{u.Host}:{u.Port}/{_database}";
    }

    public string Uri { get; }

    public async Task<IAuditStore> OpenAsync()
    {
        if (!_created)
        {
            await using var c = new NpgsqlConnection(_admin);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {_database}", c);
            await cmd.ExecuteNonQueryAsync();
            _created = true;
        }

        return await StoreFactory.OpenAsync(Uri, create: true, CancellationToken.None);
    }

    public async Task ExecAsync(string sql, params object[] args)
    {
        await using var c = new NpgsqlConnection(StoreFactory.ToConnectionString(Uri));
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        for (var i = 0; i < args.Length; i++)
        {
            cmd.Parameters.AddWithValue("p" + i, args[i]);
        }

        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_created)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(_admin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }
}
