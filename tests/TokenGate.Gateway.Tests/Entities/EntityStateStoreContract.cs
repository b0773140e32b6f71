using Microsoft.DurableTask.Entities;
using TokenGate.Gateway.Entities;

namespace TokenGate.Gateway.Tests.Entities;

public abstract class EntityStateStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);

    protected abstract IEntityStateStore CreateStore();

    [Fact]
    public async Task Save_ThenGet_ReturnsStateVersionAndTime()
    {
        var store = CreateStore();
        var id = new EntityInstanceId("userquota", "acme/alice#1");

        var version = await store.SaveAsync(id, """{"spent":1}""", null, T0, default);

        var entry = await store.GetAsync(id, default);
        Assert.Equal("""{"spent":1}""", entry!.State);
        Assert.Equal(version, entry.Version);
        Assert.Equal(T0, entry.LastModified);
        Assert.Equal(id, entry.Id);
    }

    [Fact]
    public async Task Save_WithAStaleVersion_Conflicts()
    {
        var store = CreateStore();
        var id = new EntityInstanceId("userquota", "k");
        var v1 = await store.SaveAsync(id, "1", null, T0, default);
        await store.SaveAsync(id, "2", v1, T0, default);

        await Assert.ThrowsAsync<EntityStateConflictException>(() => store.SaveAsync(id, "3", v1, T0, default));
        await Assert.ThrowsAsync<EntityStateConflictException>(() => store.SaveAsync(id, "3", null, T0, default));
        Assert.Equal("2", (await store.GetAsync(id, default))!.State);
    }

    [Fact]
    public async Task Save_Null_DeletesTheEntity()
    {
        var store = CreateStore();
        var id = new EntityInstanceId("userquota", "gone");
        var version = await store.SaveAsync(id, "1", null, T0, default);

        Assert.Null(await store.SaveAsync(id, null, version, T0, default));

        Assert.Null(await store.GetAsync(id, default));
    }

    [Fact]
    public async Task State_LargerThanOneTableProperty_RoundTrips_AndTooLargeIsAClearError()
    {
        var store = CreateStore();
        var id = new EntityInstanceId("userquota", "big");
        var big = "\"" + new string('x', 200_000) + "\"";

        await store.SaveAsync(id, big, null, T0, default);

        Assert.Equal(big, (await store.GetAsync(id, default))!.State);
    }

    [Fact]
    public async Task List_FiltersByNamePrefix()
    {
        var store = CreateStore();
        await store.SaveAsync(new EntityInstanceId("userquota", "a"), "1", null, T0, default);
        await store.SaveAsync(new EntityInstanceId("tenantquota", "b"), "1", null, T0, default);

        var users = new List<string>();
        await foreach (var entry in store.ListAsync("user", default))
        {
            users.Add(entry.Id.ToString());
        }

        Assert.Equal(["@userquota@a"], users);
    }
}
