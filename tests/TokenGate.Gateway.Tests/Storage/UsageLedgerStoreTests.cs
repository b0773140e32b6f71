using Azure.Data.Tables;
using TokenGate.Gateway.Storage;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Storage;

public sealed class InMemoryUsageLedgerStoreTests : UsageLedgerStoreContract
{
    protected override IUsageLedgerStore CreateStore() => new InMemoryUsageLedgerStore();
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableUsageLedgerStoreTests(AzuriteFixture azurite) : UsageLedgerStoreContract
{
    protected override IUsageLedgerStore CreateStore() =>
        new TableUsageLedgerStore(new TableServiceClient(azurite.ConnectionString), TestIds.TablePrefix());
}
