using CsCheck;
using TokenGate.Core.Plans;

namespace TokenGate.Core.Tests.Plans;

public class PolicyResolverTests
{
    private static readonly PlanDefinition Plan = new()
    {
        Name = "standard",
        RequestsPerMinute = 60,
        TokensPerMinute = 10_000,
        MaxConcurrentRequests = 4,
        MonthlyTokenBudget = 1_000_000,
        MonthlyCostBudget = 50m,
        MaxOutputTokens = 4096,
        AllowedDeployments = ["gpt-4o"],
        Prices = new Dictionary<string, ModelPrice> { ["GPT-4o"] = new(2.5m, 1.25m, 10m) },
        Priority = 1,
    };

    [Fact]
    public void Resolve_WithNothingElse_CopiesThePlan()
    {
        var limits = PolicyResolver.Resolve(Plan, null, null, 0);

        Assert.Equal("standard", limits.PlanName);
        Assert.Equal(60, limits.RequestsPerMinute);
        Assert.Equal(10_000, limits.TokensPerMinute);
        Assert.Equal(4, limits.MaxConcurrentRequests);
        Assert.Equal(1_000_000, limits.MonthlyTokenBudget);
        Assert.Equal(50m, limits.MonthlyCostBudget);
        Assert.Equal(4096, limits.MaxOutputTokens);
        Assert.Equal(["gpt-4o"], limits.AllowedDeployments);
        Assert.Equal(1, limits.Priority);
        Assert.Null(limits.TenantMonthlyTokenBudget);
        Assert.Same(TimeZoneInfo.Utc, limits.TimeZone);
        Assert.False(limits.FailOpen);
    }

    [Fact]
    public void Resolve_UserOverrides_ReplaceOnlyTheFieldsTheySet()
    {
        var user = new UserDefinition
        {
            TenantId = "t",
            UserId = "u",
            Overrides = new PlanOverrides { RequestsPerMinute = 5, AllowedDeployments = ["gpt-4o-mini"], Priority = 3 },
        };

        var limits = PolicyResolver.Resolve(Plan, user, null, 0);

        Assert.Equal(5, limits.RequestsPerMinute);
        Assert.Equal(["gpt-4o-mini"], limits.AllowedDeployments);
        Assert.Equal(3, limits.Priority);
        Assert.Equal(10_000, limits.TokensPerMinute);
        Assert.Equal(1_000_000, limits.MonthlyTokenBudget);
    }

    [Fact]
    public void Resolve_EntityOverrides_ApplyAfterUserOverrides()
    {
        var user = new UserDefinition { TenantId = "t", UserId = "u", Overrides = new PlanOverrides { RequestsPerMinute = 5, TokensPerMinute = 500 } };
        var entity = new PlanOverrides { RequestsPerMinute = 7, MonthlyTokenBudget = 42 };

        var limits = PolicyResolver.Resolve(Plan, user, null, 0, entity);

        Assert.Equal(7, limits.RequestsPerMinute);
        Assert.Equal(500, limits.TokensPerMinute);
        Assert.Equal(42, limits.MonthlyTokenBudget);
    }

    [Fact]
    public void Resolve_Tenant_SetsTenantBudgetsTimeZoneAndFailOpen()
    {
        var tenant = new TenantDefinition { TenantId = "t", MonthlyTokenBudget = 9_000_000, MonthlyCostBudget = 900m, TimeZone = "Europe/Berlin", FailOpen = true };

        var limits = PolicyResolver.Resolve(Plan, null, tenant, 0);

        Assert.Equal(9_000_000, limits.TenantMonthlyTokenBudget);
        Assert.Equal(900m, limits.TenantMonthlyCostBudget);
        Assert.Equal("Europe/Berlin", limits.TimeZone.Id);
        Assert.True(limits.FailOpen);
        Assert.Equal(1_000_000, limits.MonthlyTokenBudget);
    }

    [Fact]
    public void Resolve_UnknownTenantTimeZone_FallsBackToUtc()
    {
        var tenant = new TenantDefinition { TenantId = "t", TimeZone = "Mars/Olympus_Mons" };

        Assert.Same(TimeZoneInfo.Utc, PolicyResolver.Resolve(Plan, null, tenant, 0).TimeZone);
        Assert.False(PolicyResolver.TryFindTimeZone("Mars/Olympus_Mons", out _));
    }

    [Fact]
    public void Resolve_Prices_AreLookedUpCaseInsensitively()
    {
        var limits = PolicyResolver.Resolve(Plan, null, null, 0);

        Assert.True(limits.Prices!.TryGetValue("gpt-4o", out var price));
        Assert.Equal(10m, price.OutputPerMillion);
        Assert.Same(limits.Prices, PolicyResolver.Resolve(Plan, null, null, 0).Prices);
    }

    [Fact]
    public void Resolve_UnderLoad_ScalesOnlyRateLimits()
    {
        var limits = PolicyResolver.Resolve(Plan with { Priority = 0 }, null, null, 0.5);

        Assert.Equal(33, limits.RequestsPerMinute); // 60 × (1 − 0.9 × 0.5)
        Assert.Equal(5_500, limits.TokensPerMinute);
        Assert.Equal(4, limits.MaxConcurrentRequests);
        Assert.Equal(1_000_000, limits.MonthlyTokenBudget);
    }

    [Fact]
    public void Resolve_UnderLoad_LowerPriorityIsThrottledFirst()
    {
        var low = PolicyResolver.Resolve(Plan with { Priority = 0 }, null, null, 0.6);
        var high = PolicyResolver.Resolve(Plan with { Priority = 5 }, null, null, 0.6);

        Assert.True(low.RequestsPerMinute < high.RequestsPerMinute);
        Assert.True(low.TokensPerMinute < high.TokensPerMinute);
    }

    [Fact]
    public void Resolve_AtFullLoad_KeepsTheMinimumShareForEveryone()
    {
        var limits = PolicyResolver.Resolve(Plan with { Priority = 9 }, null, null, 1.0);

        Assert.Equal(6, limits.RequestsPerMinute);
        Assert.Equal(1_000, limits.TokensPerMinute);
    }

    [Fact]
    public void LoadScale_OutOfRangeOrNaN_IsClamped()
    {
        Assert.Equal(1.0, PolicyResolver.LoadScale(0, -3));
        Assert.Equal(1.0, PolicyResolver.LoadScale(0, double.NaN));
        Assert.Equal(PolicyResolver.MinimumShare, PolicyResolver.LoadScale(0, 7), 10);
    }

    [Fact]
    public void LoadScale_IsMonotoneInLoadAndPriority()
    {
        Gen.Select(Gen.Int[-2, 10], Gen.Double[0, 1], Gen.Double[0, 1]).Sample((priority, a, b) =>
        {
            var (lo, hi) = a <= b ? (a, b) : (b, a);
            Assert.True(PolicyResolver.LoadScale(priority, hi) <= PolicyResolver.LoadScale(priority, lo));
            Assert.True(PolicyResolver.LoadScale(priority, hi) <= PolicyResolver.LoadScale(priority + 1, hi));
            Assert.InRange(PolicyResolver.LoadScale(priority, hi), PolicyResolver.MinimumShare - 1e-12, 1.0);
        }, iter: 300, threads: 1);
    }
}
