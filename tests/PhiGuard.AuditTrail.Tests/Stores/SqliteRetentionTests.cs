namespace PhiGuard.AuditTrail.Tests.Stores;

public sealed class SqliteRetentionTests : RetentionContractTests
{
    protected override IStoreFixture CreateFixture() => new SqliteFixture();
}
