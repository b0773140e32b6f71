using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Storage;

public abstract class UsageLedgerStoreContract
{
    private static readonly DateTimeOffset Closed = new(2026, 12, 1, 0, 0, 5, TimeSpan.Zero);

    protected abstract IUsageLedgerStore CreateStore();

    [Fact]
    public async Task Add_SumsBatches()
    {
        var store = CreateStore();
        Assert.Equal(UsageAddResult.Applied, await store.AddAsync("t", "u", "2026-11", "b1", new UsageDelta(10, 5, 0.25m, 1), default));
        Assert.Equal(UsageAddResult.Applied, await store.AddAsync("t", "u", "2026-11", "b2", new UsageDelta(1, 2, 0.125m, 3), default));

        var record = await store.GetAsync("t", "u", "2026-11", default);

        Assert.Equal(new UsageRecord { TenantId = "t", UserId = "u", Period = "2026-11", PromptTokens = 11, CompletionTokens = 7, Cost = 0.375m, Requests = 4 }, record);
    }

    [Fact]
    public async Task Add_SameBatchTwice_ChangesNothing()
    {
        var store = CreateStore();
        await store.AddAsync("t", "u", "2026-11", "b1", new UsageDelta(10, 5, 1m, 1), default);

        Assert.Equal(UsageAddResult.Duplicate, await store.AddAsync("t", "u", "2026-11", "b1", new UsageDelta(10, 5, 1m, 1), default));

        Assert.Equal(10, (await store.GetAsync("t", "u", "2026-11", default))!.PromptTokens);
    }

    [Fact]
    public async Task Add_SameBatchIdForAnotherUserOrPeriod_IsADifferentBatch()
    {
        var store = CreateStore();
        await store.AddAsync("t", "u1", "2026-11", "b", new UsageDelta(1, 0, 0, 1), default);
        await store.AddAsync("t", "u2", "2026-11", "b", new UsageDelta(2, 0, 0, 1), default);
        await store.AddAsync("t", "u1", "2026-12", "b", new UsageDelta(3, 0, 0, 1), default);

        Assert.Equal(1, (await store.GetAsync("t", "u1", "2026-11", default))!.PromptTokens);
        Assert.Equal(2, (await store.GetAsync("t", "u2", "2026-11", default))!.PromptTokens);
        Assert.Equal(3, (await store.GetAsync("t", "u1", "2026-12", default))!.PromptTokens);
    }

    [Fact]
    public async Task Add_ConcurrentBatchesWithRedeliveries_TotalsAreExact()
    {
        var store = CreateStore();
        var batches = Enumerable.Range(0, 20).ToArray();

        // Every batch is delivered twice, concurrently: at-least-once delivery.
        await Task.WhenAll(batches.Concat(batches).Select(i =>
            store.AddAsync("t", "hot", "2026-11", $"batch-{i}", new UsageDelta(i, 1, 0.5m, 1), default)));

        var record = await store.GetAsync("t", "hot", "2026-11", default);
        Assert.Equal(batches.Sum(), record!.PromptTokens);
        Assert.Equal(20, record.CompletionTokens);
        Assert.Equal(10m, record.Cost);
        Assert.Equal(20, record.Requests);
    }

    [Fact]
    public async Task FinalisePeriod_FinalisesOnlyThatPeriod_AndIsIdempotent()
    {
        var store = CreateStore();
        await store.AddAsync("t1", "a", "2026-11", "1", new UsageDelta(1, 1, 0, 1), default);
        await store.AddAsync("t2", "b", "2026-11", "2", new UsageDelta(1, 1, 0, 1), default);
        await store.AddAsync("t1", "a", "2026-12", "3", new UsageDelta(1, 1, 0, 1), default);

        Assert.Equal(2, await store.FinalisePeriodAsync("2026-11", Closed, default));
        Assert.Equal(0, await store.FinalisePeriodAsync("2026-11", Closed.AddHours(1), default));

        var closed = await store.GetAsync("t2", "b", "2026-11", default);
        Assert.True(closed!.Finalised);
        Assert.Equal(Closed, closed.FinalisedAt);
        Assert.False((await store.GetAsync("t1", "a", "2026-12", default))!.Finalised);
    }

    [Fact]
    public async Task Finalise_OneUser_IsIdempotentAndRecordsAnEmptyMonth()
    {
        var store = CreateStore();

        Assert.True(await store.FinaliseAsync("t", "idle", "2026-11", Closed, default));
        Assert.False(await store.FinaliseAsync("t", "idle", "2026-11", Closed.AddDays(1), default));

        var record = await store.GetAsync("t", "idle", "2026-11", default);
        Assert.Equal(0, record!.Requests);
        Assert.Equal(Closed, record.FinalisedAt);
    }

    [Fact]
    public async Task Add_AfterFinalise_IsAppliedAndReported()
    {
        var store = CreateStore();
        await store.AddAsync("t", "u", "2026-11", "1", new UsageDelta(1, 0, 0, 1), default);
        await store.FinaliseAsync("t", "u", "2026-11", Closed, default);

        Assert.Equal(UsageAddResult.AppliedAfterFinalised, await store.AddAsync("t", "u", "2026-11", "late", new UsageDelta(2, 0, 0, 1), default));

        var record = await store.GetAsync("t", "u", "2026-11", default);
        Assert.Equal(3, record!.PromptTokens);
        Assert.True(record.Finalised);
    }

    [Fact]
    public async Task List_ReturnsTheTenantsRecordsForThePeriodByUser()
    {
        var store = CreateStore();
        foreach (var user in new[] { "zed", "a/b", "amy" })
        {
            await store.AddAsync("acme", user, "2026-11", "x", new UsageDelta(1, 0, 0, 1), default);
        }

        await store.AddAsync("acme", "old", "2026-10", "x", new UsageDelta(1, 0, 0, 1), default);
        await store.AddAsync("other", "amy", "2026-11", "x", new UsageDelta(1, 0, 0, 1), default);

        var records = await store.ListAsync("acme", "2026-11", default);

        Assert.Equal(["a/b", "amy", "zed"], records.Select(r => r.UserId));
    }

    [Fact]
    public async Task Ids_WithCharactersTablesForbid_RoundTrip()
    {
        var store = CreateStore();
        foreach (var id in TestIds.Awkward)
        {
            await store.AddAsync(id, id, "2026-11", id, new UsageDelta(1, 0, 0, 1), default);
            Assert.Equal(UsageAddResult.Duplicate, await store.AddAsync(id, id, "2026-11", id, new UsageDelta(1, 0, 0, 1), default));
        }

        foreach (var id in TestIds.Awkward)
        {
            Assert.Equal(id, Assert.Single(await store.ListAsync(id, "2026-11", default)).UserId);
        }
    }
}
