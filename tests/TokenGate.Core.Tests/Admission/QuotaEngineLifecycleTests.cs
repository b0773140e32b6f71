using TokenGate.Core.Admission;
using static TokenGate.Core.Tests.Admission.EngineHarness;

namespace TokenGate.Core.Tests.Admission;

public class QuotaEngineLifecycleTests
{
    private static readonly QuotaEngineOptions FailClosed = new() { RequireSynchronization = true, EvictionInterval = TimeSpan.Zero };

    [Fact]
    public void Admit_WhenSynchronizationRequiredAndNeverHappened_RejectsAsUnavailable()
    {
        var (engine, _) = Create(FailClosed);

        var decision = engine.TryAdmit(Request(), Unlimited);

        Assert.Equal(RejectionReason.QuotaStateUnavailable, decision.Reason);
        Assert.Equal(TimeSpan.FromSeconds(5), decision.RetryAfter);
    }

    [Fact]
    public void Admit_WhenLastSynchronizationIsStale_RejectsUnlessTheTenantFailsOpen()
    {
        var (engine, time) = Create(FailClosed);
        engine.MarkSynchronized(Start);
        Assert.True(engine.TryAdmit(Request(), Unlimited).IsAdmitted);

        time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromTicks(1));

        Assert.Equal(RejectionReason.QuotaStateUnavailable, engine.TryAdmit(Request(), Unlimited).Reason);
        Assert.True(engine.TryAdmit(Request(), Unlimited with { FailOpen = true }).IsAdmitted);
        engine.MarkSynchronized(time.GetUtcNow());
        Assert.True(engine.TryAdmit(Request(), Unlimited).IsAdmitted);
    }

    [Fact]
    public void MarkSynchronized_WithAnOlderTime_DoesNotMoveBack()
    {
        var (engine, time) = Create(FailClosed);
        engine.MarkSynchronized(Start.AddMinutes(1));
        engine.MarkSynchronized(Start.AddMinutes(-10));

        time.Advance(TimeSpan.FromMinutes(2));

        Assert.True(engine.TryAdmit(Request(), Unlimited).IsAdmitted);
    }

    [Fact]
    public void Admit_WithoutRequiredSynchronization_IsNeverStale()
    {
        var (engine, time) = Create();
        time.Advance(TimeSpan.FromDays(3));

        Assert.True(engine.TryAdmit(Request(), Unlimited).IsAdmitted);
    }

    [Fact]
    public void EvictIdle_ForgetsIdleUsersOnTheTimer()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        using var engine = new QuotaEngine(time, new QuotaEngineOptions { IdleTimeout = TimeSpan.FromMinutes(2), EvictionInterval = TimeSpan.FromMinutes(1) });
        engine.Release(engine.TryAdmit(Request(), Unlimited).Reservation);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, engine.UserCount);
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(0, engine.UserCount);
        Assert.Equal(0, engine.TenantCount);
        Assert.False(engine.IsTracked("t1", "u1"));
    }

    [Fact]
    public void EvictIdle_NeverForgetsAUserWithAnOpenReservation()
    {
        var (engine, time) = Create();
        var open = engine.TryAdmit(Request(), Unlimited with { MaxConcurrentRequests = 1 });
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, engine.EvictIdle());
        Assert.False(engine.TryAdmit(Request(), Unlimited with { MaxConcurrentRequests = 1 }).IsAdmitted);
        engine.Release(open.Reservation);
    }

    [Fact]
    public void EvictIdle_NeverForgetsUnacknowledgedUsage()
    {
        var (engine, time) = Create();
        var limits = Unlimited with { MonthlyTokenBudget = 1_000 };
        engine.Settle(engine.TryAdmit(Request(), limits).Reservation, new TokenUsage(100, 100));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, engine.EvictIdle());

        engine.ApplySnapshot("t1", "u1", new QuotaSnapshot("2026-11", 200, 0m, null, null, null), 200, 0m);
        engine.ApplyTenantSnapshot("t1", new QuotaSnapshot("2026-11", 200, 0m, null, null, null), 200, 0m);

        Assert.Equal(800, engine.GetStatus("t1", "u1", limits).MonthlyTokensRemaining);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, engine.EvictIdle());
        Assert.Equal(0, engine.TenantCount);
    }

    [Fact]
    public void EvictIdle_NeverForgetsAnActiveBlock()
    {
        var (engine, time) = Create();
        engine.Block("t1", "u1", Start.AddDays(1), "abuse");
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, engine.EvictIdle());
        Assert.Equal(RejectionReason.Blocked, engine.TryAdmit(Request(), Unlimited).Reason);
    }

    [Fact]
    public void Settle_AfterEviction_OfAnUnknownReservation_ChangesNothing()
    {
        var (engine, time) = Create();
        var admitted = engine.TryAdmit(Request(), Unlimited);
        engine.Release(admitted.Reservation);
        time.Advance(TimeSpan.FromHours(1));
        engine.EvictIdle();

        Assert.Equal(default, engine.Settle(admitted.Reservation, new TokenUsage(10, 10)));
        Assert.Equal(default, engine.Settle(default, new TokenUsage(10, 10)));
    }

    [Fact]
    public void Constructor_WithIdleTimeoutShorterThanBurstWindow_Throws()
    {
        var options = new QuotaEngineOptions { IdleTimeout = TimeSpan.FromSeconds(10) };

        Assert.Throws<ArgumentException>(() => new QuotaEngine(TimeProvider.System, options));
        Assert.Throws<ArgumentException>(() => new QuotaEngine(TimeProvider.System, new QuotaEngineOptions { StaleAfter = TimeSpan.Zero }));
    }
}
