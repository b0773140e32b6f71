using CsCheck;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Storage;

public sealed class InMemoryUsageLedgerPropertyTests
{
    [Fact]
    public void Add_AnyDeliveryOrderWithDuplicates_TotalsEqualTheDistinctBatches()
    {
        // Batches (id, tokens), each delivered 1-3 times, in a shuffled order.
        var gen = Gen.Int[1, 30].SelectMany(n =>
            Gen.Select(Gen.Int[0, 1000].Array[n], Gen.Int[1, 3].Array[n], Gen.Int.Array[n * 3]));

        gen.Sample((tokens, copies, shuffle) =>
        {
            var store = new InMemoryUsageLedgerStore();
            var deliveries = tokens.SelectMany((t, i) => Enumerable.Repeat((Batch: $"b{i}", Tokens: t), copies[i]))
                .Select((d, i) => (d, Order: shuffle[i % shuffle.Length]))
                .OrderBy(x => x.Order)
                .Select(x => x.d);
            foreach (var (batch, count) in deliveries)
            {
                store.AddAsync("t", "u", "2026-11", batch, new UsageDelta(count, 0, 0, 1), default).GetAwaiter().GetResult();
            }

            var record = store.GetAsync("t", "u", "2026-11", default).GetAwaiter().GetResult()!;
            return record.PromptTokens == tokens.Sum() && record.Requests == tokens.Length;
        }, iter: 2_000);
    }

    [Fact]
    public async Task Add_BeyondTheMarkerBound_ForgetsOnlyTheOldestMarkers()
    {
        var store = new InMemoryUsageLedgerStore(maxBatchMarkers: 3);
        foreach (var batch in new[] { "b1", "b2", "b3", "b4" })
        {
            Assert.Equal(UsageAddResult.Applied, await store.AddAsync("t", "u", "2026-11", batch, new UsageDelta(10, 0, 0, 1), default));
        }

        Assert.Equal(3, store.BatchMarkerCount);
        Assert.Equal(UsageAddResult.Duplicate, await store.AddAsync("t", "u", "2026-11", "b4", new UsageDelta(10, 0, 0, 1), default));
        Assert.Equal(UsageAddResult.Duplicate, await store.AddAsync("t", "u", "2026-11", "b2", new UsageDelta(10, 0, 0, 1), default));
        Assert.Equal(40, (await store.GetAsync("t", "u", "2026-11", default))!.PromptTokens);
    }
}
