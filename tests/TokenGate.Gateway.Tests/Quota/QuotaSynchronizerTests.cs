using System.Text.Json;
using TokenGate.Core.Entities;
using static TokenGate.Gateway.Tests.Quota.QuotaSyncTestHost;

namespace TokenGate.Gateway.Tests.Quota;

public class QuotaSynchronizerTests
{
    private readonly QuotaSyncTestHost _host = new();

    private static SettlementBatch Input(string? json) => JsonSerializer.Deserialize<SettlementBatch>(json!)!;

    [Fact]
    public void OnSettled_OnlyEnqueues_NothingReachesTheBackendBeforeAFlush()
    {
        var (sync, engine) = _host.NewInstance("a");

        engine.Settle("t", "u", 100, Period, _host.Time.GetUtcNow());

        Assert.Equal(1, sync.QueuedSettlements);
        Assert.Equal(0, _host.Entities.SignalsAccepted);
    }

    [Fact]
    public async Task Flush_CoalescesSettlementsPerUserAndPerTenant()
    {
        var (sync, engine) = _host.NewInstance("a");
        var now = _host.Time.GetUtcNow();
        engine.Settle("t", "u1", 100, Period, now, 0.1m);
        engine.Settle("t", "u1", 50, Period, now, 0.05m);
        engine.Settle("t", "u2", 7, Period, now);

        await sync.FlushAsync();

        var pending = _host.Entities.Pending;
        Assert.Equal(3, pending.Count);
        var u1 = Input(pending.Single(p => p.Id == UserQuotaEntity.IdFor("t", "u1")).InputJson);
        Assert.Equal(("a", 1L, 150L, 0.15m, 2L), (u1.SourceId, u1.Sequence, u1.Tokens, u1.Cost, u1.Requests));
        var tenant = Input(pending.Single(p => p.Id == TenantQuotaEntity.IdFor("t")).InputJson);
        Assert.Equal((157L, 3L), (tenant.Tokens, tenant.Requests));
        Assert.All(pending, p => Assert.Equal(QuotaEntityOperations.SettleBatch, p.Operation));
    }

    [Fact]
    public async Task Flush_SettlementsOfTwoPeriods_BecomeTwoNumberedBatches()
    {
        var (sync, engine) = _host.NewInstance("a");
        engine.Settle("t", "u", 10, "2026-11", _host.Time.GetUtcNow());
        engine.Settle("t", "u", 20, "2026-12", _host.Time.GetUtcNow());

        await sync.FlushAsync();

        var batches = _host.Entities.Pending.Where(p => p.Id == UserQuotaEntity.IdFor("t", "u")).Select(p => Input(p.InputJson)).OrderBy(b => b.Sequence).ToList();
        Assert.Equal([(1L, "2026-11", 10L), (2L, "2026-12", 20L)], batches.Select(b => (b.Sequence, b.Period, b.Tokens)));
    }

    [Fact]
    public async Task Refresh_AfterTheEntityApplied_AcknowledgesTheBatchExactlyOnce()
    {
        var (sync, engine) = _host.NewInstance("a");
        engine.Settle("t", "u", 100, Period, _host.Time.GetUtcNow(), 0.2m);
        await sync.FlushAsync();
        await _host.Entities.PumpAsync();

        await sync.RefreshAsync();
        await sync.RefreshAsync();

        var snapshots = engine.UserSnapshots.Where(s => s.User == "u").ToList();
        Assert.Equal([(100L, 100L, 0.2m), (100L, 0L, 0m)], snapshots.Select(s => (s.Snapshot.TokensSpent, s.AckTokens, s.AckCost)));
        Assert.Equal(0, engine.Unacknowledged("t", "u"));
        Assert.Equal(100, engine.Used("t", "u", Period));
        Assert.Equal((100L, 0L), (engine.TenantSnapshots[0].Snapshot.TokensSpent - 0, engine.TenantUnacknowledged("t")));
        Assert.Equal(0, sync.PendingBatchCount());
    }

    [Fact]
    public async Task Refresh_BeforeTheEntityApplied_AcknowledgesNothingAndKeepsTheBatch()
    {
        var (sync, engine) = _host.NewInstance("a");
        engine.Settle("t", "u", 100, Period, _host.Time.GetUtcNow());
        await sync.FlushAsync();

        await sync.RefreshAsync();

        Assert.Equal(0, engine.UserSnapshots.Single().AckTokens);
        Assert.Equal(100, engine.Used("t", "u", Period));
        Assert.Equal(2, sync.PendingBatchCount());
    }

    [Fact]
    public async Task Flush_WhileTheBackendIsDown_KeepsUsageAndSendsItOnceItIsBack()
    {
        var (sync, engine) = _host.NewInstance("a");
        _host.Entities.FailSignals = true;
        engine.Settle("t", "u", 100, Period, _host.Time.GetUtcNow());
        await sync.FlushAsync();
        engine.Settle("t", "u", 30, Period, _host.Time.GetUtcNow());
        await sync.FlushAsync();

        _host.Entities.FailSignals = false;
        _host.Time.Advance(_host.Options.ResendInterval);
        await sync.FlushAsync();
        await _host.Entities.PumpAsync();
        await sync.RefreshAsync();

        Assert.Equal(130, _host.User("t", "u")!.Ledger.Current.Tokens);
        Assert.Equal(130, _host.Tenant("t")!.Ledger.Current.Tokens);
        Assert.Equal(0, engine.Unacknowledged("t", "u"));
        Assert.False(engine.OverAcknowledged);
    }

    [Fact]
    public async Task Flush_NeverOfferedBatch_AbsorbsNewUsageInsteadOfNumberingAnother()
    {
        var (sync, engine) = _host.NewInstance("a");
        _host.Entities.FailSignals = true;
        engine.Settle("t", "u1", 1, Period, _host.Time.GetUtcNow());
        engine.Settle("t", "u2", 2, Period, _host.Time.GetUtcNow());
        await sync.FlushAsync(); // The first signal fails: u1's batch is frozen, the rest never offered.
        engine.Settle("t", "u2", 3, Period, _host.Time.GetUtcNow());
        await sync.FlushAsync();

        _host.Entities.FailSignals = false;
        _host.Time.Advance(_host.Options.ResendInterval);
        await sync.FlushAsync();

        Assert.Equal(3, _host.Entities.Pending.Count);
        await _host.Entities.PumpAsync();
        Assert.Equal(5, _host.User("t", "u2")!.Ledger.Current.Tokens);
        Assert.Equal(1, _host.User("t", "u2")!.Ledger.Sources["a"].HighWaterMark);
    }

    [Fact]
    public async Task Flush_UnconfirmedBatch_IsResentAfterTheResendIntervalAndAppliedOnce()
    {
        var (sync, engine) = _host.NewInstance("a");
        engine.Settle("t", "u", 100, Period, _host.Time.GetUtcNow());
        await sync.FlushAsync();
        await sync.FlushAsync();
        Assert.Equal(2, _host.Entities.PendingCount);

        _host.Time.Advance(_host.Options.ResendInterval);
        await sync.FlushAsync();
        Assert.Equal(4, _host.Entities.PendingCount);

        await _host.Entities.PumpAsync();
        await sync.RefreshAsync();
        Assert.Equal(100, _host.User("t", "u")!.Ledger.Current.Tokens);
        Assert.Equal(100, engine.UserSnapshots.Single().AckTokens);

        _host.Time.Advance(_host.Options.ResendInterval);
        await sync.FlushAsync();
        Assert.Equal(0, _host.Entities.PendingCount);
    }

    [Fact]
    public async Task Flush_AfterConfirmation_TellsTheEntityWhatIsConfirmed()
    {
        var (sync, engine) = _host.NewInstance("a");
        engine.Settle("t", "u", 1, Period, _host.Time.GetUtcNow());
        await sync.FlushAsync();
        await _host.Entities.PumpAsync();
        await sync.RefreshAsync();

        engine.Settle("t", "u", 1, Period, _host.Time.GetUtcNow());
        await sync.FlushAsync();

        var batch = Input(_host.Entities.Pending.Single(p => p.Id == UserQuotaEntity.IdFor("t", "u")).InputJson);
        Assert.Equal((2L, 1L), (batch.Sequence, batch.ConfirmedThrough));
    }

    [Fact]
    public async Task Refresh_WhenReadsFail_DoesNotMarkSynchronized()
    {
        var (sync, engine) = _host.NewInstance("a");
        sync.Watch("t", "u");
        _host.Entities.FailReads = true;

        Assert.False(await sync.RefreshAsync());
        Assert.Empty(engine.Synchronized);

        _host.Entities.FailReads = false;
        Assert.True(await sync.RefreshAsync());
        Assert.Equal([_host.Time.GetUtcNow()], engine.Synchronized);
    }

    [Fact]
    public async Task Watch_RefreshesAUserThisInstanceNeverSettledFor()
    {
        var (other, otherEngine) = _host.NewInstance("b");
        otherEngine.Settle("t", "u", 400, Period, _host.Time.GetUtcNow());
        await other.FlushAsync();
        await _host.Entities.PumpAsync();
        var (sync, engine) = _host.NewInstance("a");

        sync.Watch("t", "u");
        await sync.RefreshAsync();

        Assert.Equal(400, engine.Used("t", "u", Period));
        Assert.Equal(0, engine.UserSnapshots.Single().AckTokens);
    }

    [Fact]
    public async Task Refresh_AccountIdleLongerThanTheTtl_IsNoLongerRead()
    {
        var (sync, engine) = _host.NewInstance("a");
        sync.Watch("t", "u");
        await sync.RefreshAsync();

        _host.Time.Advance(_host.Options.ActiveAccountTtl + TimeSpan.FromSeconds(1));
        await sync.RefreshAsync();

        Assert.Single(engine.UserSnapshots);
    }

    [Fact]
    public async Task Refresh_ShowsBlocksAndOverridesSetThroughCommands()
    {
        var (sync, engine) = _host.NewInstance("a");
        var commands = new TokenGate.Gateway.Quota.UserQuotaCommands(_host.Client);
        await commands.BlockAsync("t", "u", _host.Time.GetUtcNow().AddHours(1), "abuse");
        await _host.Entities.PumpAsync();

        sync.Watch("t", "u");
        await sync.RefreshAsync();

        Assert.Equal("abuse", engine.Snapshot("t", "u")!.BlockReason);
    }
}
