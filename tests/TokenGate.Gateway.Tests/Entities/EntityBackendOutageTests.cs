using Azure.Data.Tables;
using Microsoft.DurableTask.Entities;
using TokenGate.Gateway.Entities;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Entities;

public sealed class EntityBackendOutageTests
{
    [Fact]
    public async Task Signals_DuringAStorageOutage_AreAppliedOnceStorageReturns()
    {
        await using var azurite = await AzuriteServer.StartAsync(persistent: true);
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        var store = new TableEntityStateStore(new TableServiceClient(azurite.ConnectionString, options));
        var probe = new CounterProbe();
        var registry = new InProcessEntityRegistry().AddEntity(CounterEntity.Name, _ => new CounterEntity(probe));
        await using var client = new InProcessDurableTaskClient(registry, store);
        var id = new EntityInstanceId(CounterEntity.Name, "outage");
        await client.Entities.SignalEntityAsync(id, nameof(CounterEntity.Add), 1);
        await client.WhenIdleAsync();

        azurite.Stop();
        for (var i = 0; i < 5; i++)
        {
            await client.Entities.SignalEntityAsync(id, nameof(CounterEntity.Add), 10);
        }

        await azurite.RestartAsync();
        await client.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var state = await client.Entities.GetEntityAsync<CounterState>(id);
        Assert.Equal(51, state!.State.Value);
        Assert.Equal([1, 10, 10, 10, 10, 10], state.State.Seen);
    }
}
