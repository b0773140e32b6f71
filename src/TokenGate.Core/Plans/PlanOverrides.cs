namespace TokenGate.Core.Plans;

/// <summary>Per-user overrides: any non-null field replaces the plan's value.</summary>
public sealed record PlanOverrides
{
    public int? RequestsPerMinute { get; init; }
    public long? TokensPerMinute { get; init; }
    public int? MaxConcurrentRequests { get; init; }
    public long? MonthlyTokenBudget { get; init; }
    public decimal? MonthlyCostBudget { get; init; }
    public int? MaxOutputTokens { get; init; }
    public IReadOnlyList<string>? AllowedDeployments { get; init; }
    public int? Priority { get; init; }
}
