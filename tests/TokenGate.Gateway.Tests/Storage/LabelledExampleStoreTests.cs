using Azure.Data.Tables;
using TokenGate.Gateway.Storage;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Storage;

public sealed class InMemoryLabelledExampleStoreTests : LabelledExampleStoreContract
{
    protected override ILabelledExampleStore CreateStore() => new InMemoryLabelledExampleStore();
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableLabelledExampleStoreTests(AzuriteFixture azurite) : LabelledExampleStoreContract
{
    protected override ILabelledExampleStore CreateStore() =>
        new TableLabelledExampleStore(new TableServiceClient(azurite.ConnectionString), TestIds.TablePrefix());
}
