using Azure.Data.Tables;
using TokenGate.Gateway.Storage;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Storage;

public sealed class InMemoryIncidentStoreTests : IncidentStoreContract
{
    protected override IIncidentStore CreateStore() => new InMemoryIncidentStore();
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableIncidentStoreTests(AzuriteFixture azurite) : IncidentStoreContract
{
    protected override IIncidentStore CreateStore() =>
        new TableIncidentStore(new TableServiceClient(azurite.ConnectionString), TestIds.TablePrefix());
}
