namespace TokenGate.Core.Plans;

/// <summary>
/// The limits that apply to one user right now: plan, then user overrides, then tenant budgets,
/// scaled by the load factor. Produced by the policy resolver; null = no limit of that kind.
/// </summary>
public sealed record ResolvedLimits
{
    public required string PlanName { get; init; }
    public int? RequestsPerMinute { get; init; }
    public long? TokensPerMinute { get; init; }
    public int? MaxConcurrentRequests { get; init; }
    public long? MonthlyTokenBudget { get; init; }
    public decimal? MonthlyCostBudget { get; init; }
    public IReadOnlyDictionary<string, ModelPrice>? Prices { get; init; }
    public int? MaxOutputTokens { get; init; }
    public IReadOnlyList<string>? AllowedDeployments { get; init; }
    public int Priority { get; init; }
    public long? TenantMonthlyTokenBudget { get; init; }
    public decimal? TenantMonthlyCostBudget { get; init; }
    /// <summary>Time zone of the budget period (UTC unless the tenant sets one).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
    public bool FailOpen { get; init; }
}
