using Azure.Data.Tables;
using TokenGate.Gateway.Storage;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Storage;

public sealed class InMemoryApiKeyStoreTests : ApiKeyStoreContract
{
    protected override IApiKeyStore CreateStore() => new InMemoryApiKeyStore();
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableApiKeyStoreTests(AzuriteFixture azurite) : ApiKeyStoreContract
{
    protected override IApiKeyStore CreateStore() =>
        new TableApiKeyStore(new TableServiceClient(azurite.ConnectionString), TestIds.TablePrefix());
}
