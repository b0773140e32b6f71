using TokenGate.Core.Entities;
using TokenGate.Testing.Entities;
using static TokenGate.Core.Tests.Entities.QuotaEntityTestData;

namespace TokenGate.Core.Tests.Entities;

public class TenantQuotaEntityTests
{
    private static EntityHarness<TenantQuotaEntity> NewTenant() => new(TenantQuotaEntity.IdFor("contoso"));

    [Fact]
    public async Task SettleBatch_DuplicatedAndReordered_AppliesEachOnce()
    {
        var entity = NewTenant();

        foreach (var batch in new[] { Batch("a", 2, 20), Batch("a", 1, 10), Batch("a", 2, 20), Batch("b", 1, 5) })
        {
            await entity.RunAsync(QuotaEntityOperations.SettleBatch, batch);
        }

        var summary = await entity.RunAsync<QuotaAccountSummary>(QuotaEntityOperations.GetSummary);
        Assert.Equal((35L, 3L), (summary!.TokensSpent, summary.RequestsSpent));
        Assert.Null(summary.Overrides);
    }

    [Fact]
    public async Task Block_OnTenant_ShowsInTheSnapshot()
    {
        var entity = NewTenant();

        await entity.RunAsync(QuotaEntityOperations.Block, new BlockRequest(Start.AddHours(2), "billing hold"));

        var snapshot = entity.GetState<TenantQuotaState>()!.ToSnapshot();
        Assert.Equal((Start.AddHours(2), "billing hold"), (snapshot.BlockedUntil, snapshot.BlockReason));
    }

    [Fact]
    public void IdFor_DiffersFromAnyUserEntityId()
    {
        Assert.NotEqual(TenantQuotaEntity.IdFor("contoso").Name, UserQuotaEntity.IdFor("contoso", "x").Name);
        Assert.Equal("contoso", TenantQuotaEntity.IdFor("contoso").Key);
    }
}
