using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Gateway.Entities;

namespace TokenGate.Gateway.Tests.Entities;

public sealed class ScheduledSignalTests
{
    [Fact]
    public async Task Signal_WithASignalTime_IsAppliedOnlyOnceThatTimeComes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        var registry = new InProcessEntityRegistry().AddEntity(CounterEntity.Name, _ => new CounterEntity(new CounterProbe()));
        await using var client = new InProcessDurableTaskClient(registry, new InMemoryEntityStateStore(), timeProvider: time);
        var id = new EntityInstanceId(CounterEntity.Name, "later");

        await client.Entities.SignalEntityAsync(id, nameof(CounterEntity.Add), 1, new SignalEntityOptions { SignalTime = time.GetUtcNow().AddMinutes(1) });
        await client.WhenIdleAsync();
        time.Advance(TimeSpan.FromSeconds(59));
        await client.WhenIdleAsync();
        Assert.Null(await client.Entities.GetEntityAsync(id));

        time.Advance(TimeSpan.FromSeconds(1));
        var applied = await WaitForAsync(client, id);

        Assert.Equal(1, applied.State.Value);
        Assert.Equal(time.GetUtcNow(), applied.LastModifiedTime);
    }

    // The due signal is queued by the timer's continuation; give it a bounded number of turns, not wall-clock time.
    private static async Task<Microsoft.DurableTask.Client.Entities.EntityMetadata<CounterState>> WaitForAsync(InProcessDurableTaskClient client, EntityInstanceId id)
    {
        for (var turn = 0; turn < 1000; turn++)
        {
            await client.WhenIdleAsync();
            if (await client.Entities.GetEntityAsync<CounterState>(id) is { } found)
            {
                return found;
            }

            await Task.Yield();
        }

        throw new Xunit.Sdk.XunitException("The scheduled signal was never applied.");
    }
}
