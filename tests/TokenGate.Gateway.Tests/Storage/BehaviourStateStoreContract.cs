using System.Text.Json;
using TokenGate.Core.Detection;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Storage;

public abstract class BehaviourStateStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    protected abstract IBehaviourStateStore CreateStore();

    internal static UserBehaviourSnapshot Snapshot(string userId, double scale = 1, int values = 240, DateTimeOffset? lastSeen = null) =>
        new(userId,
            new BaselineSnapshot([.. Enumerable.Range(0, values).Select(i => Math.Round((i + 1) * scale * 1.0001, 4))], values % 240),
            new BaselineSnapshot([.. Enumerable.Range(0, 144).Select(i => (i + 1) * 10 * scale)], 7),
            lastSeen ?? T0);

    internal static void AssertSame(UserBehaviourSnapshot expected, UserBehaviourSnapshot? actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    [Fact]
    public async Task Get_WhenNothingSaved_ReturnsNull()
    {
        Assert.Null(await CreateStore().GetAsync("t1", "nobody", default));
    }

    [Fact]
    public async Task Save_ThenGet_RoundTripsTheSnapshot()
    {
        var store = CreateStore();
        var snapshot = Snapshot("alice", lastSeen: T0.AddMinutes(3));

        await store.SaveAsync("t1", snapshot, default);

        AssertSame(snapshot, await store.GetAsync("t1", "alice", default));
    }

    [Fact]
    public async Task Save_Twice_KeepsTheLatest()
    {
        var store = CreateStore();
        await store.SaveAsync("t1", Snapshot("alice", 1), default);
        var latest = Snapshot("alice", 2, values: 10, lastSeen: T0.AddHours(1));

        await store.SaveAsync("t1", latest, default);

        AssertSame(latest, await store.GetAsync("t1", "alice", default));
    }

    [Fact]
    public async Task Snapshots_OfTheSameUserIdInTwoTenants_AreSeparate()
    {
        var store = CreateStore();
        foreach (var id in TestIds.Awkward)
        {
            await store.SaveAsync(id, Snapshot(id, 1), default);
            await store.SaveAsync("other-" + id, Snapshot(id, 3), default);
        }

        foreach (var id in TestIds.Awkward)
        {
            AssertSame(Snapshot(id, 1), await store.GetAsync(id, id, default));
            AssertSame(Snapshot(id, 3), await store.GetAsync("other-" + id, id, default));
        }

        Assert.Null(await store.GetAsync("third", TestIds.Awkward[0], default));
    }

    [Fact]
    public async Task Snapshot_LargerThanOneTableProperty_RoundTrips()
    {
        var store = CreateStore();
        var large = Snapshot("heavy", 1234.56789, values: 12_000);
        Assert.True(JsonSerializer.Serialize(large).Length > LargeStringColumns.ChunkLength * 3);

        await store.SaveAsync("t1", large, default);

        AssertSame(large, await store.GetAsync("t1", "heavy", default));
    }

    [Fact]
    public async Task SaveMany_MoreUsersThanOneTransactionHolds_SavesEveryOne()
    {
        var store = CreateStore();
        var snapshots = Enumerable.Range(0, 230).Select(i => Snapshot("u" + i, i + 1)).ToList();

        await store.SaveManyAsync("t1", snapshots, default);

        foreach (var i in new[] { 0, 99, 100, 101, 229 })
        {
            AssertSame(snapshots[i], await store.GetAsync("t1", "u" + i, default));
        }
    }
}
