using PhiGuard.AuditTrail.Stores;

namespace PhiGuard.AuditTrail.Tests.Stores;

/// <summary>A fresh, empty store for one test, plus raw SQL access to its tables so tests can tamper like an attacker would.</summary>
public interface IStoreFixture : IAsyncDisposable
{
    string Uri { get; }

    Task<IAuditStore> OpenAsync();

    /// <summary>Runs SQL directly against the store's database (parameters named @p0, @p1, …).</summary>
    Task ExecAsync(string sql, params object[] args);
}
