namespace PhiGuard.AuditTrail.Tests.Stores;

public sealed class PostgresRetentionTests : RetentionContractTests
{
    protected override IStoreFixture CreateFixture() => new PostgresFixture();
}
