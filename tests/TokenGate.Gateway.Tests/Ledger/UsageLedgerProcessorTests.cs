using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Events;
using TokenGate.Gateway.Ledger;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Ledger;

public sealed class UsageLedgerProcessorTests
{
    private static readonly DateTimeOffset November = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset December = new(2026, 12, 1, 0, 5, 0, TimeSpan.Zero);

    private readonly InMemoryUsageLedgerStore _ledger = new();
    private readonly RecordingQuotaCommands _quotas = new();
    private readonly FakeTimeProvider _time = new(December);

    [Fact]
    public async Task Process_CompletedCalls_AddsThemToEachUsersMonth()
    {
        await Processor().ProcessAsync([Call("r1", "alice", 100, 20, 0.5m), Call("r2", "alice", 50, 10, 0.25m), Call("r3", "bob", 7, 3, 0m)], default);

        var alice = await _ledger.GetAsync("contoso", "alice", "2026-11", default);
        Assert.Equal((150L, 30L, 0.75m, 2L), (alice!.PromptTokens, alice.CompletionTokens, alice.Cost, alice.Requests));
        Assert.Equal(7, (await _ledger.GetAsync("contoso", "bob", "2026-11", default))!.PromptTokens);
    }

    [Fact]
    public async Task Process_RedeliveredBatchInAnyOrder_AddsNothing()
    {
        var processor = Processor();
        UsageEvent[] batch = [Call("r1", "alice", 100, 20), Call("r2", "alice", 50, 10)];

        await processor.ProcessAsync(batch, default);
        await processor.ProcessAsync([batch[1], batch[0]], default);

        Assert.Equal(150, (await _ledger.GetAsync("contoso", "alice", "2026-11", default))!.PromptTokens);
    }

    [Fact]
    public async Task Process_IgnoresRejectionsAndCallsThatUsedNothing()
    {
        var rejected = Call("r1", "alice", 100, 0) with { Kind = UsageEventKind.Rejected };

        await Processor().ProcessAsync([rejected, Call("r2", "alice", 0, 0)], default);

        Assert.Null(await _ledger.GetAsync("contoso", "alice", "2026-11", default));
    }

    [Fact]
    public async Task PeriodClosedMarker_FinalisesTheMonthAndArchivesSeenUsers_AndIsIdempotent()
    {
        var processor = Processor();
        await processor.ProcessAsync([Call("r1", "alice", 10, 1), Call("r2", "bob", 10, 1)], default);

        await processor.ProcessAsync([Marker("2026-11", "0")], default);
        await processor.ProcessAsync([Marker("2026-11", "0")], default);

        Assert.True((await _ledger.GetAsync("contoso", "alice", "2026-11", default))!.Finalised);
        Assert.True((await _ledger.GetAsync("contoso", "bob", "2026-11", default))!.Finalised);
        Assert.Equal(2, _quotas.Archived.Distinct().Count());
        Assert.All(_quotas.Archived, a => Assert.Equal("2026-11", a.Period));
    }

    [Fact]
    public async Task MarkerLost_TheUsersFirstCallOfTheNewMonthClosesTheOldOne()
    {
        var processor = Processor();
        await processor.ProcessAsync([Call("r1", "alice", 10, 1)], default);

        await processor.ProcessAsync([Call("r2", "alice", 5, 1, at: December)], default);

        Assert.True((await _ledger.GetAsync("contoso", "alice", "2026-11", default))!.Finalised);
        Assert.False((await _ledger.GetAsync("contoso", "alice", "2026-12", default))!.Finalised);
        Assert.Equal([("contoso", "alice", "2026-11")], _quotas.Archived);
    }

    [Fact]
    public async Task MarkerArrivingLate_AfterNewMonthTraffic_StillClosesOnlyTheOldMonth()
    {
        var processor = Processor();
        await processor.ProcessAsync([Call("r1", "alice", 10, 1), Call("r2", "alice", 5, 1, at: December)], default);

        await processor.ProcessAsync([Marker("2026-11", "3")], default);

        Assert.True((await _ledger.GetAsync("contoso", "alice", "2026-11", default))!.Finalised);
        Assert.False((await _ledger.GetAsync("contoso", "alice", "2026-12", default))!.Finalised);
    }

    [Fact]
    public async Task Process_UsesTheEventsBudgetPeriodWhenGiven()
    {
        // A tenant in another time zone: the call at 2026-12-01 00:05 UTC still counted to November.
        await Processor().ProcessAsync([Call("r1", "alice", 10, 1, at: December) with { Period = "2026-11" }], default);

        Assert.NotNull(await _ledger.GetAsync("contoso", "alice", "2026-11", default));
        Assert.Null(await _ledger.GetAsync("contoso", "alice", "2026-12", default));
    }

    private UsageLedgerProcessor Processor() => new(_ledger, _quotas, _time, NullLogger<UsageLedgerProcessor>.Instance);

    private static UsageEvent Call(string id, string user, int prompt, int completion, decimal cost = 0, DateTimeOffset? at = null) => new()
    {
        Kind = UsageEventKind.Completed,
        Time = at ?? November,
        RequestId = id,
        TenantId = "contoso",
        UserId = user,
        PromptTokens = prompt,
        CompletionTokens = completion,
        Cost = cost,
        Status = 200,
    };

    private static UsageEvent Marker(string period, string partition) => new()
    {
        Kind = UsageEventKind.PeriodClosed,
        Time = December,
        RequestId = $"period-closed:{period}:{partition}",
        ClosedPeriod = period,
    };
}
