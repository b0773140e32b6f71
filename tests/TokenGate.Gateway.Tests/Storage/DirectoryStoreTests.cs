using Azure.Data.Tables;
using TokenGate.Gateway.Storage;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Storage;

public sealed class InMemoryDirectoryStoreTests : DirectoryStoreContract
{
    protected override IDirectoryStore CreateStore() => new InMemoryDirectoryStore();
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableDirectoryStoreTests(AzuriteFixture azurite) : DirectoryStoreContract
{
    protected override IDirectoryStore CreateStore() =>
        new TableDirectoryStore(new TableServiceClient(azurite.ConnectionString), TestIds.TablePrefix());
}
