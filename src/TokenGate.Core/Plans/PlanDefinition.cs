namespace TokenGate.Core.Plans;

/// <summary>
/// A plan (tier). A null limit means "no limit of this kind". This is also the JSON shape of
/// <c>PUT /admin/plans/{plan}</c> (camelCase).
/// </summary>
public sealed record PlanDefinition
{
    public required string Name { get; init; }
    public int? RequestsPerMinute { get; init; }
    public long? TokensPerMinute { get; init; }
    public int? MaxConcurrentRequests { get; init; }
    public long? MonthlyTokenBudget { get; init; }
    public decimal? MonthlyCostBudget { get; init; }
    /// <summary>Prices by model name (case-insensitive); used for the cost budget.</summary>
    public IReadOnlyDictionary<string, ModelPrice>? Prices { get; init; }
    /// <summary>Cap on output tokens per request (applied to max_tokens, and the default when a request sets none).</summary>
    public int? MaxOutputTokens { get; init; }
    /// <summary>Deployments or models this plan may use; null or empty = all.</summary>
    public IReadOnlyList<string>? AllowedDeployments { get; init; }
    /// <summary>Higher is more important; under upstream load lower priorities are throttled first.</summary>
    public int Priority { get; init; }
}
