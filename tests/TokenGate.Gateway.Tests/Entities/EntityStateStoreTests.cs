using Azure.Data.Tables;
using Microsoft.DurableTask.Entities;
using TokenGate.Gateway.Entities;
using TokenGate.Gateway.Tests.Storage;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Entities;

public sealed class InMemoryEntityStateStoreTests : EntityStateStoreContract
{
    protected override IEntityStateStore CreateStore() => new InMemoryEntityStateStore();
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableEntityStateStoreTests(AzuriteFixture azurite) : EntityStateStoreContract
{
    private readonly string _prefix = TestIds.TablePrefix();

    protected override IEntityStateStore CreateStore() =>
        new TableEntityStateStore(new TableServiceClient(azurite.ConnectionString), _prefix);

    [Fact]
    public async Task Save_StateBeyondARow_FailsWithAClearMessage()
    {
        var store = CreateStore();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.SaveAsync(new EntityInstanceId("userquota", "huge"), new string('x', 600_000), null, DateTimeOffset.UnixEpoch, default));

        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }
}
