using TokenGate.Core.Entities;
using TokenGate.Core.Plans;
using static TokenGate.Core.Tests.Entities.QuotaEntityTestData;

namespace TokenGate.Core.Tests.Entities;

public class UserQuotaEntityTests
{
    [Fact]
    public async Task SettleBatch_OnNewEntity_StartsThePeriodWithTheBatch()
    {
        var entity = NewUser();

        var outcome = await entity.SettleAsync(Batch("a", 1, tokens: 250, cost: 0.5m));

        Assert.Equal(SettlementOutcome.Applied, outcome);
        var summary = await entity.RunAsync<QuotaAccountSummary>(QuotaEntityOperations.GetSummary);
        Assert.NotNull(summary);
        Assert.Equal(("2026-11", 250L, 0.5m, 1L), (summary.Period, summary.TokensSpent, summary.CostSpent, summary.RequestsSpent));
        Assert.Equal(Start, summary.LastSettledAt);
    }

    [Fact]
    public async Task SettleBatch_DeliveredTwice_AppliesOnce()
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("a", 1, tokens: 100));
        var before = entity.StateJson;

        var outcome = await entity.SettleAsync(Batch("a", 1, tokens: 100));

        Assert.Equal(SettlementOutcome.Duplicate, outcome);
        Assert.Equal(before, entity.StateJson);
    }

    [Fact]
    public async Task SettleBatch_OutOfOrder_AppliesEachOnceAndCompactsTheMark()
    {
        var entity = NewUser();

        await entity.SettleAsync(Batch("a", 3, tokens: 3));
        await entity.SettleAsync(Batch("a", 2, tokens: 2));
        Assert.Equal([2L, 3L], entity.State().Ledger.Sources["a"].AppliedAbove);
        await entity.SettleAsync(Batch("a", 1, tokens: 1));
        await entity.SettleAsync(Batch("a", 2, tokens: 2));

        var source = entity.State().Ledger.Sources["a"];
        Assert.Equal(3, source.HighWaterMark);
        Assert.Empty(source.AppliedAbove);
        Assert.Equal(6, entity.State().Ledger.Current.Tokens);
    }

    [Fact]
    public async Task SettleBatch_SameSequenceFromTwoSources_AppliesBoth()
    {
        var entity = NewUser();

        await entity.SettleAsync(Batch("a", 1, tokens: 10));
        await entity.SettleAsync(Batch("b", 1, tokens: 20));

        Assert.Equal(30, entity.State().Ledger.Current.Tokens);
    }

    [Fact]
    public async Task SettleBatch_BeyondTheOutOfOrderWindow_IsDeferredUntilTheGapFills()
    {
        var entity = NewUser();
        var far = SettlementLimits.OutOfOrderWindow + 1;

        Assert.Equal(SettlementOutcome.Deferred, await entity.SettleAsync(Batch("a", far, tokens: 7)));
        Assert.Equal(0, entity.State().Ledger.Current.Tokens);

        Assert.Equal(SettlementOutcome.Applied, await entity.SettleAsync(Batch("a", 1, tokens: 1)));
        Assert.Equal(SettlementOutcome.Applied, await entity.SettleAsync(Batch("a", far, tokens: 7)));
        Assert.Equal(8, entity.State().Ledger.Current.Tokens);
    }

    [Fact]
    public async Task SettleBatch_ForANewerPeriod_ArchivesTheOldOneAndStartsAtZero()
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("a", 1, tokens: 900, period: "2026-11"));

        await entity.SettleAsync(Batch("a", 2, tokens: 5, period: "2026-12"));

        var ledger = entity.State().Ledger;
        Assert.Equal("2026-12", ledger.Current.Period);
        Assert.Equal(5, ledger.Current.Tokens);
        var archived = Assert.Single(ledger.Archived);
        Assert.Equal(("2026-11", 900L), (archived.Period, archived.Tokens));
    }

    [Fact]
    public async Task SettleBatch_ForAnOlderPeriod_ChargesThatPeriodNotTheOpenOne()
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("a", 1, tokens: 900, period: "2026-11"));
        await entity.SettleAsync(Batch("a", 2, tokens: 5, period: "2026-12"));

        await entity.SettleAsync(Batch("b", 1, tokens: 40, period: "2026-11"));
        await entity.SettleAsync(Batch("b", 2, tokens: 3, period: "2026-10"));

        var ledger = entity.State().Ledger;
        Assert.Equal(("2026-12", 5L), (ledger.Current.Period, ledger.Current.Tokens));
        Assert.Equal([("2026-10", 3L), ("2026-11", 940L)], ledger.Archived.Select(p => (p.Period, p.Tokens)));
    }

    [Fact]
    public async Task ArchivePeriod_ClosesTheOpenPeriodOnceAndLateUsageGoesToTheArchive()
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("a", 1, tokens: 100, period: "2026-11"));

        await entity.RunAsync(QuotaEntityOperations.ArchivePeriod, "2026-11");
        var afterFirst = entity.StateJson;
        await entity.RunAsync(QuotaEntityOperations.ArchivePeriod, "2026-11");
        Assert.Equal(afterFirst, entity.StateJson);

        await entity.SettleAsync(Batch("a", 2, tokens: 7, period: "2026-11"));
        var ledger = entity.State().Ledger;
        Assert.Equal(string.Empty, ledger.Current.Period);
        Assert.Equal(0, ledger.Current.Tokens);
        Assert.Equal(107, Assert.Single(ledger.Archived).Tokens);

        await entity.SettleAsync(Batch("a", 3, tokens: 9, period: "2026-12"));
        Assert.Equal(("2026-12", 9L), (entity.State().Ledger.Current.Period, entity.State().Ledger.Current.Tokens));
    }

    [Fact]
    public async Task ArchivePeriod_ForAnOlderPeriod_LeavesTheOpenPeriod()
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("a", 1, tokens: 100, period: "2026-12"));

        await entity.RunAsync(QuotaEntityOperations.ArchivePeriod, "2026-11");

        Assert.Equal(("2026-12", 100L), (entity.State().Ledger.Current.Period, entity.State().Ledger.Current.Tokens));
        Assert.Empty(entity.State().Ledger.Archived);
    }

    [Fact]
    public async Task Archive_KeepsOnlyTheNewestPeriods()
    {
        var entity = NewUser();
        var sequence = 0;
        for (var year = 2024; year <= 2026; year++)
        {
            for (var month = 1; month <= 12; month++)
            {
                await entity.SettleAsync(Batch("a", ++sequence, tokens: 1, period: $"{year}-{month:00}"));
            }
        }

        var archived = entity.State().Ledger.Archived;
        Assert.Equal(SettlementLimits.MaxArchivedPeriods, archived.Count);
        Assert.Equal("2024-12", archived[0].Period);
        Assert.Equal("2026-11", archived[^1].Period);
    }

    [Fact]
    public async Task Reset_ZeroesTheOpenPeriodButARedeliveredBatchStillCountsOnce()
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("a", 1, tokens: 500));

        await entity.RunAsync(QuotaEntityOperations.Reset);
        await entity.SettleAsync(Batch("a", 1, tokens: 500));

        Assert.Equal(("2026-11", 0L, 0m), (entity.State().Ledger.Current.Period, entity.State().Ledger.Current.Tokens, entity.State().Ledger.Current.Cost));
    }

    [Fact]
    public async Task Block_ThenUnblock_SetsAndClearsUntilAndReason()
    {
        var entity = NewUser();
        var until = Start.AddHours(1);

        await entity.RunAsync(QuotaEntityOperations.Block, new BlockRequest(until, "prompt flooding"));
        var blocked = await entity.RunAsync<QuotaAccountSummary>(QuotaEntityOperations.GetSummary);
        Assert.Equal((until, "prompt flooding"), (blocked!.BlockedUntil, blocked.BlockReason));

        await entity.RunAsync(QuotaEntityOperations.Unblock);
        var summary = await entity.RunAsync<QuotaAccountSummary>(QuotaEntityOperations.GetSummary);
        Assert.Null(summary!.BlockedUntil);
        Assert.Null(summary.BlockReason);
    }

    [Fact]
    public async Task SetOverrides_RoundTripsEveryFieldAndNullClears()
    {
        var entity = NewUser();
        var overrides = new PlanOverrides
        {
            RequestsPerMinute = 5,
            TokensPerMinute = 6000,
            MaxConcurrentRequests = 2,
            MonthlyTokenBudget = 1_000_000,
            MonthlyCostBudget = 12.34m,
            MaxOutputTokens = 512,
            AllowedDeployments = ["gpt-4o", "gpt-4.1"],
            Priority = 3,
        };

        await entity.RunAsync(QuotaEntityOperations.SetOverrides, overrides);
        var stored = entity.State().Overrides;
        Assert.NotNull(stored);
        Assert.Equal(overrides with { AllowedDeployments = null }, stored with { AllowedDeployments = null });
        Assert.Equal(["gpt-4o", "gpt-4.1"], stored.AllowedDeployments!);
        Assert.Equal(5, entity.State().ToSnapshot().Overrides?.RequestsPerMinute);

        await entity.RunAsync(QuotaEntityOperations.SetOverrides, null);
        Assert.Null(entity.State().Overrides);
    }

    [Fact]
    public async Task ToSnapshot_CarriesTheOpenPeriodSpendAndBlock()
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("a", 1, tokens: 321, cost: 1.25m));
        await entity.RunAsync(QuotaEntityOperations.Block, new BlockRequest(Start.AddDays(1), "abuse"));

        var snapshot = entity.State().ToSnapshot();

        Assert.Equal(("2026-11", 321L, 1.25m, Start.AddDays(1), "abuse"), (snapshot.Period, snapshot.TokensSpent, snapshot.CostSpent, snapshot.BlockedUntil, snapshot.BlockReason));
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("a", 0, 1)]
    [InlineData("a", 1, -1)]
    public async Task SettleBatch_Malformed_IsIgnored(string source, long sequence, long tokens)
    {
        var entity = NewUser();

        var outcome = await entity.SettleAsync(Batch(source, sequence, tokens: tokens));

        Assert.Equal(SettlementOutcome.Invalid, outcome);
        Assert.Equal(0, entity.State().Ledger.Current.Tokens);
        Assert.Empty(entity.State().Ledger.Sources);
    }

    [Fact]
    public async Task SettleBatch_SourceIdleForLongerThanTheTimeout_IsForgotten()
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("old", 1, at: Start));

        await entity.SettleAsync(Batch("new", 1, at: Start + SettlementLimits.SourceIdleTimeout + TimeSpan.FromSeconds(1)));

        Assert.Equal(["new"], entity.State().Ledger.Sources.Keys);
    }

    [Fact]
    public async Task SettleBatch_FromAnEvictedSource_TrustsItsConfirmedThroughSoConfirmedBatchesStayApplied()
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("a", 1, tokens: 10, at: Start));
        await entity.SettleAsync(Batch("a", 2, tokens: 10, at: Start));
        await entity.SettleAsync(Batch("b", 1, tokens: 1, at: Start.AddDays(2)));
        Assert.DoesNotContain("a", entity.State().Ledger.Sources.Keys);

        var redelivered = await entity.SettleAsync(Batch("a", 2, tokens: 10, at: Start.AddDays(2), confirmedThrough: 2));
        var next = await entity.SettleAsync(Batch("a", 3, tokens: 10, at: Start.AddDays(2), confirmedThrough: 2));

        Assert.Equal((SettlementOutcome.Duplicate, SettlementOutcome.Applied), (redelivered, next));
        Assert.Equal(31, entity.State().Ledger.Current.Tokens);
    }

    [Fact]
    public void IdFor_UsesTheEntityNameAndAnEscapedKey()
    {
        var id = UserQuotaEntity.IdFor("contoso", "alice@contoso.com");

        Assert.Equal(UserQuotaEntity.EntityName, id.Name, ignoreCase: true);
        Assert.Equal("contoso:alice_0040contoso.com", id.Key);
    }
}
