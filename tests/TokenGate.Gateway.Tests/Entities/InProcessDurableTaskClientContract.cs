using Microsoft.DurableTask;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using TokenGate.Gateway.Entities;

namespace TokenGate.Gateway.Tests.Entities;

/// <summary>Behaviour of the in-process entity backend, run over every state store.</summary>
public abstract class InProcessDurableTaskClientContract : IAsyncLifetime
{
    private readonly List<InProcessDurableTaskClient> _clients = [];

    protected CounterProbe Probe { get; } = new();

    protected abstract IEntityStateStore CreateStore();

    [Fact]
    public async Task Signals_ToOneEntity_ApplyInArrivalOrder()
    {
        var client = NewClient(CreateStore());
        var id = Counter("ordered");
        for (var i = 0; i < 100; i++)
        {
            await client.Entities.SignalEntityAsync(id, nameof(CounterEntity.Add), i);
        }

        await client.WhenIdleAsync();

        var state = await client.Entities.GetEntityAsync<CounterState>(id);
        Assert.Equal(Enumerable.Range(0, 100), state!.State.Seen);
        Assert.Equal(4950, state.State.Value);
    }

    [Fact]
    public async Task Operations_OnOneEntity_NeverOverlap()
    {
        var client = NewClient(CreateStore());
        var id = Counter("serial");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.Entities.SignalEntityAsync(id, nameof(CounterEntity.Track))));
        await client.WhenIdleAsync();

        Assert.Equal(1, Probe.MaxInFlight);
        Assert.Equal(50, (await client.Entities.GetEntityAsync<CounterState>(id))!.State.Value);
    }

    [Fact]
    public async Task Operations_OnDifferentEntities_RunInParallel()
    {
        var client = NewClient(CreateStore());
        await client.Entities.SignalEntityAsync(Counter("held"), nameof(CounterEntity.Hold));
        await Probe.Holding.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // While "held" is blocked inside an operation, another entity still runs.
        await client.Entities.SignalEntityAsync(Counter("free"), nameof(CounterEntity.Signal));
        await Probe.Signalled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Probe.Release.SetResult();
        await client.WhenIdleAsync();
        Assert.Equal(1, (await client.Entities.GetEntityAsync<CounterState>(Counter("held")))!.State.Value);
    }

    [Fact]
    public async Task Operation_ThatThrows_RollsBackStateAndSignals()
    {
        var client = NewClient(CreateStore());
        var id = Counter("rollback");
        await client.Entities.SignalEntityAsync(id, nameof(CounterEntity.Add), 5);
        await client.Entities.SignalEntityAsync(id, nameof(CounterEntity.AddThenFail), 3);
        await client.Entities.SignalEntityAsync(id, nameof(CounterEntity.Add), 1);

        await client.WhenIdleAsync();

        var state = await client.Entities.GetEntityAsync<CounterState>(id);
        Assert.Equal(6, state!.State.Value);
        Assert.Equal([5, 1], state.State.Seen);
        Assert.Null(await client.Entities.GetEntityAsync(Counter("side-effect")));
    }

    [Fact]
    public async Task Signal_FromInsideAnEntity_IsDeliveredToTheTarget()
    {
        var client = NewClient(CreateStore());
        await client.Entities.SignalEntityAsync(Counter("source"), nameof(CounterEntity.Add), 7);
        await client.Entities.SignalEntityAsync(Counter("source"), nameof(CounterEntity.Forward), "target");

        await client.WhenIdleAsync();

        Assert.Equal(7, (await client.Entities.GetEntityAsync<CounterState>(Counter("target")))!.State.Value);
    }

    [Fact]
    public async Task Signal_ToAMissingEntity_CreatesIt_AndNamesAreCaseInsensitive()
    {
        var client = NewClient(CreateStore());
        Assert.Null(await client.Entities.GetEntityAsync(Counter("fresh")));

        await client.Entities.SignalEntityAsync(new EntityInstanceId("COUNTER", "fresh"), nameof(CounterEntity.Add), 2);
        await client.WhenIdleAsync();

        var metadata = await client.Entities.GetEntityAsync(new EntityInstanceId("counter", "fresh"));
        Assert.NotNull(metadata);
        Assert.Equal(2, metadata.State.ReadAs<CounterState>().Value);
    }

    [Fact]
    public async Task Delete_RemovesTheEntity()
    {
        var client = NewClient(CreateStore());
        var id = Counter("doomed");
        await client.Entities.SignalEntityAsync(id, nameof(CounterEntity.Add), 1);
        await client.Entities.SignalEntityAsync(id, "delete");

        await client.WhenIdleAsync();

        Assert.Null(await client.Entities.GetEntityAsync(id));
    }

    [Fact]
    public async Task GetAllEntities_FiltersByNameAndKeyPrefix()
    {
        var client = NewClient(CreateStore());
        foreach (var key in new[] { "a1", "a2", "b1" })
        {
            await client.Entities.SignalEntityAsync(Counter(key), nameof(CounterEntity.Add), 1);
        }

        await client.WhenIdleAsync();

        var all = await ToListAsync(client.Entities.GetAllEntitiesAsync<CounterState>(new EntityQuery { InstanceIdStartsWith = "@counter@" }));
        var prefixed = await ToListAsync(client.Entities.GetAllEntitiesAsync(new EntityQuery { InstanceIdStartsWith = "@counter@a" }));

        Assert.Equal(["a1", "a2", "b1"], all.Select(e => e.Id.Key).Order(StringComparer.Ordinal));
        Assert.All(all, e => Assert.Equal(1, e.State.Value));
        Assert.Equal(["a1", "a2"], prefixed.Select(e => e.Id.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Signal_ToAnUnregisteredEntity_IsRefused()
    {
        var client = NewClient(CreateStore());

        await Assert.ThrowsAsync<ArgumentException>(() => client.Entities.SignalEntityAsync(new EntityInstanceId("nope", "k"), "Add"));
    }

    [Fact]
    public async Task Orchestrations_AreNotSupported_WithAClearMessage()
    {
        var client = NewClient(CreateStore());

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.ScheduleNewOrchestrationInstanceAsync(new TaskName("Anything")));
        Assert.Contains("entities only", error.Message, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }

    protected InProcessDurableTaskClient NewClient(IEntityStateStore store)
    {
        var registry = new InProcessEntityRegistry().AddEntity(CounterEntity.Name, _ => new CounterEntity(Probe));
        var client = new InProcessDurableTaskClient(registry, store);
        _clients.Add(client);
        return client;
    }

    protected static EntityInstanceId Counter(string key) => new(CounterEntity.Name, key);

    private static async Task<List<T>> ToListAsync<T>(AsyncPageable<T> pageable)
        where T : notnull
    {
        var list = new List<T>();
        await foreach (var item in pageable)
        {
            list.Add(item);
        }

        return list;
    }
}
