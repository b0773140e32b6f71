namespace TokenGate.Core.Plans;

/// <summary>A tenant: its own budget on top of its users', and its policies. JSON shape of <c>PUT /admin/tenants/{tenant}</c>.</summary>
public sealed record TenantDefinition
{
    public required string TenantId { get; init; }
    /// <summary>Plan for users that name none.</summary>
    public string? DefaultPlan { get; init; }
    public long? MonthlyTokenBudget { get; init; }
    public decimal? MonthlyCostBudget { get; init; }
    /// <summary>IANA or Windows time zone id for budget periods; null = UTC.</summary>
    public string? TimeZone { get; init; }
    /// <summary>When the quota state cannot be refreshed for longer than allowed: true = keep admitting, false (default) = 503.</summary>
    public bool FailOpen { get; init; }
    public Screening.ScreeningPolicy? Screening { get; init; }
}
