using Azure.Data.Tables;
using TokenGate.Gateway.Entities;
using TokenGate.Gateway.Tests.Storage;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Entities;

public sealed class InMemoryInProcessDurableTaskClientTests : InProcessDurableTaskClientContract
{
    protected override IEntityStateStore CreateStore() => new InMemoryEntityStateStore();
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableInProcessDurableTaskClientTests(AzuriteFixture azurite) : InProcessDurableTaskClientContract
{
    private readonly string _prefix = TestIds.TablePrefix();

    protected override IEntityStateStore CreateStore() =>
        new TableEntityStateStore(new TableServiceClient(azurite.ConnectionString), _prefix);

    [Fact]
    public async Task State_SurvivesABackendRestart()
    {
        var first = NewClient(CreateStore());
        await first.Entities.SignalEntityAsync(Counter("durable"), nameof(CounterEntity.Add), 40);
        await first.WhenIdleAsync();
        await first.DisposeAsync();

        var second = NewClient(CreateStore());
        await second.Entities.SignalEntityAsync(Counter("durable"), nameof(CounterEntity.Add), 2);
        await second.WhenIdleAsync();

        var state = await second.Entities.GetEntityAsync<CounterState>(Counter("durable"));
        Assert.Equal(42, state!.State.Value);
        Assert.Equal([40, 2], state.State.Seen);
    }

    [Fact]
    public async Task TwoBackends_SharingOneTable_NeverLoseAnUpdate()
    {
        var left = NewClient(CreateStore());
        var right = NewClient(CreateStore());

        for (var i = 0; i < 20; i++)
        {
            await left.Entities.SignalEntityAsync(Counter("shared"), nameof(CounterEntity.Add), 1);
            await right.Entities.SignalEntityAsync(Counter("shared"), nameof(CounterEntity.Add), 1);
        }

        await Task.WhenAll(left.WhenIdleAsync(), right.WhenIdleAsync());

        // Each backend caches state; read the table through a fresh one.
        var reader = NewClient(CreateStore());
        Assert.Equal(40, (await reader.Entities.GetEntityAsync<CounterState>(Counter("shared")))!.State.Value);
    }
}
