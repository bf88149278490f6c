namespace PhiGuard.AuditTrail.Tests.Stores;

public sealed class PostgresStoreTests : StoreContractTests
{
    protected override IStoreFixture CreateFixture() => new PostgresFixture();
}
