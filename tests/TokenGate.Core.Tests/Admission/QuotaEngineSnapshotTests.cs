using TokenGate.Core.Admission;
using TokenGate.Core.Plans;
using static TokenGate.Core.Tests.Admission.EngineHarness;

namespace TokenGate.Core.Tests.Admission;

public class QuotaEngineSnapshotTests
{
    private static readonly ResolvedLimits Budget = Unlimited with { MonthlyTokenBudget = 10_000 };

    private static QuotaSnapshot Snapshot(long tokens, string period = "2026-11", DateTimeOffset? blockedUntil = null, string? reason = null, PlanOverrides? overrides = null)
        => new(period, tokens, 0m, blockedUntil, reason, overrides);

    [Fact]
    public void ApplySnapshot_EntitySpendCountsTowardsTheBudget()
    {
        var (engine, _) = Create();

        engine.ApplySnapshot("t1", "u1", Snapshot(9_900), 0, 0m);

        Assert.Equal(100, engine.GetStatus("t1", "u1", Budget).MonthlyTokensRemaining);
        Assert.Equal(RejectionReason.MonthlyTokenBudget, engine.TryAdmit(Request(), Budget).Reason);
    }

    [Fact]
    public void ApplySnapshot_WithAcknowledgement_DoesNotCountLocalUsageTwice()
    {
        var (engine, _) = Create();
        engine.Settle(engine.TryAdmit(Request(), Budget).Reservation, new TokenUsage(100, 50));
        engine.ApplySnapshot("t1", "u1", Snapshot(1_000), 0, 0m);
        Assert.Equal(10_000 - 1_150, engine.GetStatus("t1", "u1", Budget).MonthlyTokensRemaining);

        // The entity now includes this instance's 150 plus 200 from elsewhere.
        engine.ApplySnapshot("t1", "u1", Snapshot(1_350), 150, 0m);

        Assert.Equal(10_000 - 1_350, engine.GetStatus("t1", "u1", Budget).MonthlyTokensRemaining);
    }

    [Fact]
    public void ApplySnapshot_ForAnOlderPeriod_IsIgnoredButItsAcknowledgementCounts()
    {
        var (engine, time) = Create(new QuotaEngineOptions { EvictionInterval = TimeSpan.Zero, IdleTimeout = TimeSpan.FromMinutes(1) });
        engine.Settle(engine.TryAdmit(Request(), Budget).Reservation, new TokenUsage(100, 50));
        time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        engine.ApplySnapshot("t1", "u1", Snapshot(0, period: "2026-12"), 0, 0m);
        Assert.Equal(0, engine.EvictIdle());

        engine.ApplySnapshot("t1", "u1", Snapshot(5_000, period: "2026-11"), 150, 0m);
        engine.ApplyTenantSnapshot("t1", Snapshot(5_000, period: "2026-11"), 150, 0m);

        Assert.Equal(10_000, engine.GetStatus("t1", "u1", Budget).MonthlyTokensRemaining);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, engine.EvictIdle());
    }

    [Fact]
    public void ApplySnapshot_ForANewerPeriod_MovesAheadOfASlowClock()
    {
        var (engine, time) = Create();
        time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero));
        engine.TryAdmit(Request(prompt: 5_000, maxOutput: 0), Budget);

        engine.ApplySnapshot("t1", "u1", Snapshot(2_000, period: "2026-12"), 0, 0m);

        var status = engine.GetStatus("t1", "u1", Budget);
        Assert.Equal("2026-12", status.Period);
        Assert.Equal(8_000, status.MonthlyTokensRemaining);
    }

    [Fact]
    public void ApplySnapshot_WithABlock_RejectsAsBlockedUntilItExpires()
    {
        var (engine, time) = Create();
        var until = Start.AddMinutes(30);
        engine.ApplySnapshot("t1", "u1", Snapshot(0, blockedUntil: until, reason: "prompt flooding"), 0, 0m);

        var rejected = engine.TryAdmit(Request(), Budget);
        time.Advance(TimeSpan.FromMinutes(30));
        var admitted = engine.TryAdmit(Request(), Budget);

        Assert.Equal(RejectionReason.Blocked, rejected.Reason);
        Assert.Equal(until, rejected.BlockedUntil);
        Assert.Equal("prompt flooding", rejected.BlockReason);
        Assert.Equal(TimeSpan.FromMinutes(30), rejected.RetryAfter);
        Assert.True(admitted.IsAdmitted);
    }

    [Fact]
    public void Block_TakesEffectAtOnceAndUnblockLiftsIt()
    {
        var (engine, _) = Create();

        engine.Block("t1", "u1", Start.AddHours(1), "abuse");
        var blocked = engine.TryAdmit(Request(), Budget);
        engine.ApplySnapshot("t1", "u1", Snapshot(0), 0, 0m);
        var stillBlocked = engine.TryAdmit(Request(), Budget);
        engine.Unblock("t1", "u1");

        Assert.Equal(RejectionReason.Blocked, blocked.Reason);
        Assert.Equal("abuse", blocked.BlockReason);
        Assert.Equal(RejectionReason.Blocked, stillBlocked.Reason);
        Assert.True(engine.TryAdmit(Request(), Budget).IsAdmitted);
    }

    [Fact]
    public void ApplySnapshot_KeepsTheEntityOverridesForResolution()
    {
        var (engine, _) = Create();
        var overrides = new PlanOverrides { RequestsPerMinute = 3 };

        engine.ApplySnapshot("t1", "u1", Snapshot(0, overrides: overrides), 0, 0m);

        Assert.Same(overrides, engine.GetEntityOverrides("t1", "u1"));
        Assert.Null(engine.GetEntityOverrides("t1", "other"));
    }

    [Fact]
    public void ApplyTenantSnapshot_TenantSpendCountsForEveryUser()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { TenantMonthlyTokenBudget = 1_000 };

        engine.ApplyTenantSnapshot("t1", Snapshot(950), 0, 0m);

        Assert.Equal(RejectionReason.TenantTokenBudget, engine.TryAdmit(Request(user: "x"), limits).Reason);
        Assert.Equal(50, engine.GetStatus("t1", "y", limits).MonthlyTokensRemaining);
    }

    [Fact]
    public void ApplySnapshot_WithUnparsablePeriod_IsIgnored()
    {
        var (engine, _) = Create();

        engine.ApplySnapshot("t1", "u1", Snapshot(9_999, period: "November"), 0, 0m);

        Assert.Equal(10_000, engine.GetStatus("t1", "u1", Budget).MonthlyTokensRemaining);
    }

    [Fact]
    public void ResetUser_ForgetsSpendRateAndBlockButKeepsOpenReservations()
    {
        var (engine, _) = Create();
        var limits = Budget with { RequestsPerMinute = 2 };
        engine.ApplySnapshot("t1", "u1", Snapshot(9_000), 0, 0m);
        var open = engine.TryAdmit(Request(), limits);
        engine.TryAdmit(Request(), limits);
        engine.Block("t1", "u1", Start.AddDays(1), "x");

        engine.ResetUser("t1", "u1");

        var status = engine.GetStatus("t1", "u1", limits);
        Assert.Equal(2, status.RemainingRequests);
        Assert.Equal(10_000 - 400, status.MonthlyTokensRemaining);
        Assert.True(engine.TryAdmit(Request(), limits).IsAdmitted);
        engine.Release(open.Reservation);
    }
}
