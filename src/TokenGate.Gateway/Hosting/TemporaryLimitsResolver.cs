using TokenGate.Core.Plans;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Hosting;

/// <summary>Plan, then user overrides, then tenant budgets; stand-in for Core's PolicyResolver (the lead deletes this).</summary>
internal sealed class TemporaryLimitsResolver : ILimitsResolver
{
    public ResolvedLimits Resolve(PlanDefinition plan, UserDefinition? user, TenantDefinition? tenant)
    {
        var o = user?.Overrides;
        return new ResolvedLimits
        {
            PlanName = plan.Name,
            RequestsPerMinute = o?.RequestsPerMinute ?? plan.RequestsPerMinute,
            TokensPerMinute = o?.TokensPerMinute ?? plan.TokensPerMinute,
            MaxConcurrentRequests = o?.MaxConcurrentRequests ?? plan.MaxConcurrentRequests,
            MonthlyTokenBudget = o?.MonthlyTokenBudget ?? plan.MonthlyTokenBudget,
            MonthlyCostBudget = o?.MonthlyCostBudget ?? plan.MonthlyCostBudget,
            Prices = plan.Prices,
            MaxOutputTokens = o?.MaxOutputTokens ?? plan.MaxOutputTokens,
            AllowedDeployments = o?.AllowedDeployments ?? plan.AllowedDeployments,
            Priority = o?.Priority ?? plan.Priority,
            TenantMonthlyTokenBudget = tenant?.MonthlyTokenBudget,
            TenantMonthlyCostBudget = tenant?.MonthlyCostBudget,
            FailOpen = tenant?.FailOpen ?? false,
        };
    }
}
