using TokenGate.Core.Plans;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Storage;

public abstract class DirectoryStoreContract
{
    protected abstract IDirectoryStore CreateStore();

    [Fact]
    public async Task Plan_RoundTripsEveryField()
    {
        var store = CreateStore();
        var plan = new PlanDefinition
        {
            Name = "gold",
            RequestsPerMinute = 60,
            TokensPerMinute = 100_000,
            MaxConcurrentRequests = 4,
            MonthlyTokenBudget = 5_000_000,
            MonthlyCostBudget = 123.45m,
            Prices = new Dictionary<string, ModelPrice> { ["gpt-4o"] = new(2.5m, 1.25m, 10m) },
            MaxOutputTokens = 2048,
            AllowedDeployments = ["gpt-4o", "text-embedding-3-small"],
            Priority = 7,
        };
        await store.PutPlanAsync(plan, default);

        var found = await store.GetPlanAsync("gold", default);

        Assert.NotNull(found);
        Assert.Equal(plan with { Prices = null, AllowedDeployments = null }, found with { Prices = null, AllowedDeployments = null });
        Assert.Equal(plan.AllowedDeployments, found.AllowedDeployments);
        Assert.Equal(new ModelPrice(2.5m, 1.25m, 10m), found.Prices!["GPT-4O"]);
    }

    [Fact]
    public async Task Plan_Put_ReplacesTheWholePlan()
    {
        var store = CreateStore();
        await store.PutPlanAsync(new PlanDefinition { Name = "p", RequestsPerMinute = 1, TokensPerMinute = 2 }, default);
        await store.PutPlanAsync(new PlanDefinition { Name = "p", RequestsPerMinute = 3 }, default);

        var found = await store.GetPlanAsync("p", default);

        Assert.Equal(3, found!.RequestsPerMinute);
        Assert.Null(found.TokensPerMinute);
    }

    [Fact]
    public async Task ListPlans_ReturnsAllPlansByName()
    {
        var store = CreateStore();
        foreach (var name in new[] { "silver", "a/b", "bronze" })
        {
            await store.PutPlanAsync(new PlanDefinition { Name = name }, default);
        }

        var plans = await store.ListPlansAsync(default);

        Assert.Equal(["a/b", "bronze", "silver"], plans.Select(p => p.Name));
    }

    [Fact]
    public async Task Tenant_RoundTripsPolicyAndBudgets()
    {
        var store = CreateStore();
        var tenant = new TenantDefinition
        {
            TenantId = "contoso/eu",
            DefaultPlan = "gold",
            MonthlyTokenBudget = 10,
            MonthlyCostBudget = 9.99m,
            TimeZone = "Europe/Amsterdam",
            FailOpen = true,
            Screening = new ScreeningPolicy { FlagThreshold = 0.4, BlockThreshold = 0.8, Pii = PiiAction.Redact },
        };
        await store.PutTenantAsync(tenant, default);

        Assert.Equal(tenant, await store.GetTenantAsync("contoso/eu", default));
        Assert.Null(await store.GetTenantAsync("contoso", default));
    }

    [Fact]
    public async Task User_IsScopedToItsTenant()
    {
        var store = CreateStore();
        var user = new UserDefinition
        {
            TenantId = "t1",
            UserId = "alice#1",
            Plan = "gold",
            Overrides = new PlanOverrides { RequestsPerMinute = 5, AllowedDeployments = ["gpt-4o"], Priority = 2 },
        };
        await store.PutUserAsync(user, default);

        var found = await store.GetUserAsync("t1", "alice#1", default);

        Assert.Equal(user with { Overrides = null }, found! with { Overrides = null });
        Assert.Equal(5, found.Overrides!.RequestsPerMinute);
        Assert.Equal(["gpt-4o"], found.Overrides.AllowedDeployments!);
        Assert.Null(await store.GetUserAsync("t2", "alice#1", default));
    }

    [Fact]
    public async Task Ids_WithCharactersTablesForbid_RoundTrip()
    {
        var store = CreateStore();
        foreach (var id in TestIds.Awkward)
        {
            await store.PutUserAsync(new UserDefinition { TenantId = id, UserId = id, Plan = id }, default);
        }

        foreach (var id in TestIds.Awkward)
        {
            Assert.Equal(id, (await store.GetUserAsync(id, id, default))!.Plan);
        }
    }
}
