namespace PhiGuard.AuditTrail.Tests.Stores;

public sealed class SqliteStoreTests : StoreContractTests
{
    protected override IStoreFixture CreateFixture() => new SqliteFixture();
}
