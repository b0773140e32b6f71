using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Storage;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Storage;

public sealed class InMemoryBehaviourStateStoreTests : BehaviourStateStoreContract
{
    protected override IBehaviourStateStore CreateStore() => new InMemoryBehaviourStateStore();
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableBehaviourStateStoreTests(AzuriteFixture azurite) : BehaviourStateStoreContract
{
    protected override IBehaviourStateStore CreateStore() =>
        new TableBehaviourStateStore(new TableServiceClient(azurite.ConnectionString), TestIds.TablePrefix());

    [Fact]
    public async Task Get_RowWithUnknownAndMissingOptionalProperties_LoadsWhatItKnows()
    {
        var (store, table) = await CreateWithTableAsync();
        var json = """{"userId":"bob","minutes":{"values":[1,2,3],"next":3},"tenMinutes":{"values":[],"next":0},"lastSeen":"2026-11-20T12:00:00+00:00","shortWindows":{"tokens":[[1,2]]},"futureFlag":true}""";
        await table.UpsertEntityAsync(new TableEntity("t1", "bob") { ["Snapshot"] = json });

        var snapshot = await store.GetAsync("t1", "bob", default);

        Assert.NotNull(snapshot);
        Assert.Equal([1, 2, 3], snapshot.Minutes.Values);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), snapshot.LastSeen);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"userId":"bob"}""")]
    public async Task Get_RowThatDoesNotLoad_CountsAsAbsentAndIsReplacedByTheNextSave(string json)
    {
        var (store, table) = await CreateWithTableAsync();
        await table.UpsertEntityAsync(new TableEntity("t1", "bob") { ["Snapshot"] = json });

        Assert.Null(await store.GetAsync("t1", "bob", default));
        var fresh = Snapshot("bob");
        await store.SaveAsync("t1", fresh, default);
        AssertSame(fresh, await store.GetAsync("t1", "bob", default));
    }

    [Fact]
    public async Task SaveMany_WithOneUnsavableSnapshot_SavesTheOthersAndThrows()
    {
        var store = CreateStore();
        var good = Snapshot("good");
        var tooLarge = Snapshot("huge", 1234.56789, values: 60_000);

        await Assert.ThrowsAsync<AggregateException>(() => store.SaveManyAsync("t1", [good, tooLarge], default));

        AssertSame(good, await store.GetAsync("t1", "good", default));
    }

    [Fact]
    public async Task SaveMany_WhenTheServiceRefusesOneRowOfATransaction_SavesTheOthersRowByRow()
    {
        var store = CreateStore();
        var good = Enumerable.Range(0, 5).Select(i => Snapshot("ok" + i, i + 1)).ToList();
        var refused = Snapshot(new string('k', 2_000));

        var error = await Assert.ThrowsAsync<AggregateException>(() => store.SaveManyAsync("t1", [.. good, refused], default));

        Assert.Single(error.InnerExceptions);
        foreach (var snapshot in good)
        {
            AssertSame(snapshot, await store.GetAsync("t1", snapshot.UserId, default));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddTokenGateStorage_RegistersTheBehaviourStateStoreWithTheOtherStores(bool tables)
    {
        var settings = new Dictionary<string, string?>();
        if (tables)
        {
            settings["TokenGate:Storage:ConnectionString"] = azurite.ConnectionString;
        }

        using var provider = new ServiceCollection()
            .AddTokenGateStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddTokenGateAbuseDetection(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        var store = provider.GetRequiredService<IBehaviourStateStore>();
        Assert.IsType(tables ? typeof(TableBehaviourStateStore) : typeof(InMemoryBehaviourStateStore), store);
    }

    private async Task<(TableBehaviourStateStore Store, TableClient Table)> CreateWithTableAsync()
    {
        var prefix = TestIds.TablePrefix();
        var service = new TableServiceClient(azurite.ConnectionString);
        var table = service.GetTableClient(prefix + TableBehaviourStateStore.TableName);
        await table.CreateIfNotExistsAsync();
        return (new TableBehaviourStateStore(service, prefix), table);
    }
}
