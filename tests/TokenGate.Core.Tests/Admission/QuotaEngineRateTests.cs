using TokenGate.Core.Admission;
using static TokenGate.Core.Tests.Admission.EngineHarness;

namespace TokenGate.Core.Tests.Admission;

public class QuotaEngineRateTests
{
    [Fact]
    public void Admit_WithNoLimits_ReservesPromptPlusMaxOutputTimesChoices()
    {
        var (engine, _) = Create();

        var decision = engine.TryAdmit(Request(prompt: 100, maxOutput: 50, choices: 3), Unlimited);

        Assert.True(decision.IsAdmitted);
        Assert.Equal(250, decision.Reservation.ReservedTokens);
        Assert.Equal("2026-11", decision.Status.Period);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), decision.Status.PeriodResetsAt);
    }

    [Fact]
    public void Admit_WhenRequestRateExhausted_RejectsUntilTheBucketRefills()
    {
        var (engine, time) = Create();
        var limits = Unlimited with { RequestsPerMinute = 2 };

        Assert.True(engine.TryAdmit(Request(), limits).IsAdmitted);
        Assert.True(engine.TryAdmit(Request(), limits).IsAdmitted);
        var rejected = engine.TryAdmit(Request(), limits);

        Assert.False(rejected.IsAdmitted);
        Assert.Equal(RejectionReason.RequestRate, rejected.Reason);
        Assert.Equal(TimeSpan.FromSeconds(30), rejected.RetryAfter);
        Assert.Equal(0, rejected.Status.RemainingRequests);
        Assert.Equal(2, rejected.Status.RequestLimit);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(engine.TryAdmit(Request(), limits).IsAdmitted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(engine.TryAdmit(Request(), limits).IsAdmitted);
    }

    [Fact]
    public void Admit_WhenTokenRateExhausted_RejectsWithTokenRate()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { TokensPerMinute = 1_000 };

        Assert.True(engine.TryAdmit(Request(prompt: 400, maxOutput: 400), limits).IsAdmitted);
        var rejected = engine.TryAdmit(Request(prompt: 100, maxOutput: 200), limits);

        Assert.Equal(RejectionReason.TokenRate, rejected.Reason);
        Assert.Equal(200, rejected.Status.RemainingTokens);
        Assert.Equal(TimeSpan.FromSeconds(6), rejected.RetryAfter);
        Assert.True(engine.TryAdmit(Request(prompt: 100, maxOutput: 100), limits).IsAdmitted);
    }

    [Fact]
    public void Admit_WhenOneRequestExceedsTheWholeTokenBurst_IsRejectedWithAFullWindowRetry()
    {
        var (engine, _) = Create();

        var rejected = engine.TryAdmit(Request(prompt: 900, maxOutput: 200), Unlimited with { TokensPerMinute = 1_000 });

        Assert.Equal(RejectionReason.TokenRate, rejected.Reason);
        Assert.Equal(TimeSpan.FromMinutes(1), rejected.RetryAfter);
    }

    [Fact]
    public void Settle_BelowTheReservation_GivesUnusedTokensBackToTheTokenRate()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { TokensPerMinute = 1_000 };
        var admitted = engine.TryAdmit(Request(prompt: 100, maxOutput: 800), limits);

        var status = engine.Settle(admitted.Reservation, new TokenUsage(100, 50));

        Assert.Equal(100, admitted.Status.RemainingTokens);
        Assert.Equal(850, status.RemainingTokens);
    }

    [Fact]
    public void Admit_WhenConcurrencyLimitReached_RejectsUntilACallFinishes()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { MaxConcurrentRequests = 1 };
        var first = engine.TryAdmit(Request(), limits);

        var second = engine.TryAdmit(Request(), limits);
        engine.Release(first.Reservation);
        var third = engine.TryAdmit(Request(), limits);

        Assert.Equal(RejectionReason.Concurrency, second.Reason);
        Assert.True(second.RetryAfter > TimeSpan.Zero);
        Assert.True(third.IsAdmitted);
    }

    [Fact]
    public void Admit_DeploymentOutsideAllowedList_RejectsWithDeploymentNotAllowed()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { AllowedDeployments = ["GPT-4o-mini"] };

        Assert.Equal(RejectionReason.DeploymentNotAllowed, engine.TryAdmit(Request(deployment: "o3"), limits).Reason);
        Assert.True(engine.TryAdmit(Request(deployment: "gpt-4o-mini"), limits).IsAdmitted);
    }

    [Fact]
    public void Admit_UsersAreIndependent()
    {
        var (engine, _) = Create();
        var limits = Unlimited with { RequestsPerMinute = 1 };

        Assert.True(engine.TryAdmit(Request(user: "a"), limits).IsAdmitted);
        Assert.True(engine.TryAdmit(Request(user: "b"), limits).IsAdmitted);
        Assert.False(engine.TryAdmit(Request(user: "a"), limits).IsAdmitted);
    }

    [Fact]
    public void Admit_WhenLimitsShrinkUnderLoad_TheSmallerLimitAppliesAtOnce()
    {
        var (engine, _) = Create();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(engine.TryAdmit(Request(), Unlimited with { RequestsPerMinute = 10 }).IsAdmitted);
        }

        Assert.Equal(RejectionReason.RequestRate, engine.TryAdmit(Request(), Unlimited with { RequestsPerMinute = 5 }).Reason);
    }

    [Fact]
    public void RecentRejections_KeepsTheLastTwentyOldestFirst()
    {
        var (engine, time) = Create();
        var limits = Unlimited with { RequestsPerMinute = 1 };
        engine.TryAdmit(Request(), limits);
        for (var i = 0; i < 25; i++)
        {
            engine.TryAdmit(Request(), limits);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var rejections = engine.RecentRejections("t1", "u1");

        Assert.Equal(20, rejections.Count);
        Assert.All(rejections, r => Assert.Equal(RejectionReason.RequestRate, r.Reason));
        Assert.Equal(Start.AddMilliseconds(500), rejections[0].At);
        Assert.Equal(Start.AddMilliseconds(2400), rejections[^1].At);
        Assert.Empty(engine.RecentRejections("t1", "nobody"));
    }
}
