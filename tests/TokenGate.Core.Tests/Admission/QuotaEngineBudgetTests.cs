using TokenGate.Core.Admission;
using static TokenGate.Core.Tests.Admission.EngineHarness;

namespace TokenGate.Core.Tests.Admission;

public class QuotaEngineBudgetTests
{
    [Fact]
    public void Admit_WhenMonthlyBudgetExhausted_RejectsUntilThePeriodResets()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { MonthlyTokenBudget = 1_000 };
        Assert.True(engine.TryAdmit(Request(prompt: 500, maxOutput: 300), limits).IsAdmitted);

        var rejected = engine.TryAdmit(Request(prompt: 100, maxOutput: 150), limits);

        Assert.Equal(RejectionReason.MonthlyTokenBudget, rejected.Reason);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) - Start, rejected.RetryAfter);
        Assert.Equal(200, rejected.Status.MonthlyTokensRemaining);
        Assert.Equal(1_000, rejected.Status.MonthlyTokenBudget);
    }

    [Fact]
    public void Settle_ReplacesTheReservationWithTheActualUsage()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { MonthlyTokenBudget = 1_000 };
        var admitted = engine.TryAdmit(Request(prompt: 100, maxOutput: 500), limits);

        var status = engine.Settle(admitted.Reservation, new TokenUsage(100, 20));

        Assert.Equal(400, admitted.Status.MonthlyTokensRemaining);
        Assert.Equal(880, status.MonthlyTokensRemaining);
    }

    [Fact]
    public void Settle_Twice_ChangesNothing()
    {
        var observer = new RecordingObserver();
        var (engine, _) = Create(observer: observer);
        var limits = Unlimited with { MonthlyTokenBudget = 1_000, MaxConcurrentRequests = 2 };
        var admitted = engine.TryAdmit(Request(), limits);
        var other = engine.TryAdmit(Request(), limits);

        var first = engine.Settle(admitted.Reservation, new TokenUsage(100, 50));
        var second = engine.Settle(admitted.Reservation, new TokenUsage(100, 50));
        engine.Release(admitted.Reservation);

        Assert.Equal(first, second);
        Assert.Equal(first, engine.GetStatus("t1", "u1", limits));
        Assert.Single(observer.Settled);
        Assert.True(engine.TryAdmit(Request(), limits).IsAdmitted);
        Assert.False(engine.TryAdmit(Request(), limits).IsAdmitted);
        engine.Release(other.Reservation);
    }

    [Fact]
    public void Release_RestoresEverythingTheReservationHeld()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { MonthlyTokenBudget = 1_000, MonthlyCostBudget = 1m, MaxConcurrentRequests = 1, Prices = Prices };
        var before = engine.GetStatus("t1", "u1", limits);
        var admitted = engine.TryAdmit(Request(), limits);

        engine.Release(admitted.Reservation);

        Assert.Equal(before, engine.GetStatus("t1", "u1", limits));
        Assert.True(engine.TryAdmit(Request(), limits).IsAdmitted);
    }

    [Fact]
    public void Settle_ReportsUsageAndCostWithItsPeriod()
    {
        var observer = new RecordingObserver();
        var (engine, _) = Create(observer: observer);
        var limits = Unlimited with { Prices = Prices };
        var admitted = engine.TryAdmit(Request(), limits);
        var empty = engine.TryAdmit(Request(), limits);

        engine.Settle(admitted.Reservation, new TokenUsage(1_000_000, 100_000, CachedPromptTokens: 400_000));
        engine.Settle(empty.Reservation, new TokenUsage(0, 0));

        var usage = Assert.Single(observer.Settled);
        Assert.Equal(("t1", "u1", "gpt-4o", "2026-11"), (usage.TenantId, usage.UserId, usage.Model, usage.Period));
        Assert.Equal(1.5m + 0.5m + 1m, usage.Cost);
        Assert.Equal(1_100_000, usage.Usage.TotalTokens);
    }

    [Fact]
    public void Admit_WhenCostBudgetExhausted_RejectsWithMonthlyCostBudget()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { MonthlyCostBudget = 0.01m, Prices = Prices };
        var admitted = engine.TryAdmit(Request(prompt: 1_000, maxOutput: 500), limits);

        var rejected = engine.TryAdmit(Request(prompt: 1_000, maxOutput: 500), limits);

        Assert.Equal(0.0075m, admitted.Reservation.ReservedCost);
        Assert.Equal(RejectionReason.MonthlyCostBudget, rejected.Reason);
        Assert.Equal(0.0025m, rejected.Status.MonthlyCostRemaining);
    }

    [Fact]
    public void Admit_ModelWithoutPrice_CostsNothingAndPassesTheCostBudget()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { MonthlyCostBudget = 0m, Prices = Prices };

        var decision = engine.TryAdmit(Request() with { Model = "mystery-model" }, limits);

        Assert.True(decision.IsAdmitted);
        Assert.Equal(0m, decision.Reservation.ReservedCost);
    }

    [Fact]
    public void Admit_WhenTenantBudgetExhausted_RejectsEveryUserOfTheTenant()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { TenantMonthlyTokenBudget = 500 };
        var first = engine.TryAdmit(Request(prompt: 200, maxOutput: 200, user: "a"), limits);

        var rejected = engine.TryAdmit(Request(prompt: 100, maxOutput: 100, user: "b"), limits);
        var otherTenant = engine.TryAdmit(Request(prompt: 100, maxOutput: 100, user: "b", tenant: "t2"), limits);

        Assert.True(first.IsAdmitted);
        Assert.Equal(RejectionReason.TenantTokenBudget, rejected.Reason);
        Assert.Equal(100, rejected.Status.MonthlyTokensRemaining);
        Assert.True(otherTenant.IsAdmitted);
    }

    [Fact]
    public void Admit_WhenTenantCostBudgetExhausted_RejectsWithTenantCostBudget()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { TenantMonthlyCostBudget = 0.001m, Prices = Prices };

        Assert.Equal(RejectionReason.TenantCostBudget, engine.TryAdmit(Request(prompt: 1_000), limits).Reason);
    }

    [Fact]
    public void Admit_InANewMonth_StartsFromZeroWithoutAResetJob()
    {
        var (engine, time) = Create();
        var limits = Unlimited with { MonthlyTokenBudget = 1_000 };
        engine.Settle(engine.TryAdmit(Request(prompt: 900, maxOutput: 0), limits).Reservation, new TokenUsage(900, 0));
        Assert.False(engine.TryAdmit(Request(), limits).IsAdmitted);

        time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var decision = engine.TryAdmit(Request(), limits);

        Assert.True(decision.IsAdmitted);
        Assert.Equal("2026-12", decision.Status.Period);
        Assert.Equal(800, decision.Status.MonthlyTokensRemaining);
    }

    [Fact]
    public void Settle_AfterTheMonthRolledOver_CountsToTheAdmissionPeriod()
    {
        var observer = new RecordingObserver();
        var (engine, time) = Create(observer: observer);
        var limits = Unlimited with { MonthlyTokenBudget = 1_000 };
        var admitted = engine.TryAdmit(Request(prompt: 500, maxOutput: 400), limits);

        time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 1, TimeSpan.Zero));
        var status = engine.Settle(admitted.Reservation, new TokenUsage(500, 400));

        Assert.Equal("2026-11", Assert.Single(observer.Settled).Period);
        Assert.Equal("2026-12", engine.GetStatus("t1", "u1", limits).Period);
        Assert.Equal(1_000, engine.GetStatus("t1", "u1", limits).MonthlyTokensRemaining);
        Assert.Equal(1_000, status.MonthlyTokensRemaining);
    }

    [Fact]
    public void Admit_InTenantTimeZone_UsesTheLocalMonth()
    {
        var (engine, time) = Create();
        var limits = Unlimited with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") };
        time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero));

        var decision = engine.TryAdmit(Request(), limits);

        Assert.Equal("2026-12", decision.Status.Period);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 15, 0, 0, TimeSpan.Zero), decision.Status.PeriodResetsAt);
    }

    [Fact]
    public void Settle_AboveTheReservation_CountsInFullAndClosesTheBudget()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { MonthlyTokenBudget = 1_000 };
        var admitted = engine.TryAdmit(Request(prompt: 100, maxOutput: 100), limits);

        var status = engine.Settle(admitted.Reservation, new TokenUsage(300, 800, IsEstimated: true));

        Assert.Equal(0, status.MonthlyTokensRemaining);
        Assert.Equal(RejectionReason.MonthlyTokenBudget, engine.TryAdmit(Request(prompt: 1, maxOutput: 0), limits).Reason);
    }

    [Fact]
    public void GetStatus_ReportsTheTighterOfUserAndTenantBudgets()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { MonthlyTokenBudget = 1_000, TenantMonthlyTokenBudget = 5_000 };
        engine.ApplyTenantSnapshot("t1", new QuotaSnapshot("2026-11", 4_500, 0m, null, null, null), 0, 0m);

        var status = engine.GetStatus("t1", "fresh", limits);

        Assert.Equal(5_000, status.MonthlyTokenBudget);
        Assert.Equal(500, status.MonthlyTokensRemaining);
        Assert.Equal(1_000, engine.GetStatus("t2", "fresh", limits).MonthlyTokensRemaining);
    }
}
