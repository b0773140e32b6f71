using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Admin;

// Request bodies: every field nullable so a missing field is ours to report, not a serializer exception.

/// <summary>Body of <c>PUT /admin/plans/{plan}</c>.</summary>
internal sealed class PlanBody
{
    public string? Name { get; set; }
    public int? RequestsPerMinute { get; set; }
    public long? TokensPerMinute { get; set; }
    public int? MaxConcurrentRequests { get; set; }
    public long? MonthlyTokenBudget { get; set; }
    public decimal? MonthlyCostBudget { get; set; }
    public Dictionary<string, PriceBody?>? Prices { get; set; }
    public int? MaxOutputTokens { get; set; }
    public List<string?>? AllowedDeployments { get; set; }
    public int? Priority { get; set; }
}

/// <summary>One model's prices per million tokens.</summary>
internal sealed class PriceBody
{
    public decimal? InputPerMillion { get; set; }
    public decimal? CachedInputPerMillion { get; set; }
    public decimal? OutputPerMillion { get; set; }
}

/// <summary>Per-user overrides of the plan.</summary>
internal sealed class OverridesBody
{
    public int? RequestsPerMinute { get; set; }
    public long? TokensPerMinute { get; set; }
    public int? MaxConcurrentRequests { get; set; }
    public long? MonthlyTokenBudget { get; set; }
    public decimal? MonthlyCostBudget { get; set; }
    public int? MaxOutputTokens { get; set; }
    public List<string?>? AllowedDeployments { get; set; }
    public int? Priority { get; set; }
}

/// <summary>Body of <c>PUT /admin/tenants/{tenant}</c>.</summary>
internal sealed class TenantBody
{
    public string? TenantId { get; set; }
    public string? DefaultPlan { get; set; }
    public long? MonthlyTokenBudget { get; set; }
    public decimal? MonthlyCostBudget { get; set; }
    public string? TimeZone { get; set; }
    public bool? FailOpen { get; set; }
    public ScreeningBody? Screening { get; set; }
}

/// <summary>A tenant's screening thresholds and PII action.</summary>
internal sealed class ScreeningBody
{
    public double? FlagThreshold { get; set; }
    public double? BlockThreshold { get; set; }
    public PiiAction? Pii { get; set; }
    public ReviewSampleMode? ReviewSamples { get; set; }
}

/// <summary>Body of <c>PUT /admin/tenants/{tenant}/users/{user}</c>.</summary>
internal sealed class UserBody
{
    public string? TenantId { get; set; }
    public string? UserId { get; set; }
    public string? Plan { get; set; }
    public OverridesBody? Overrides { get; set; }
}

/// <summary>Body of <c>POST …/block</c>.</summary>
internal sealed class BlockBody
{
    public DateTimeOffset? Until { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Body of <c>POST /admin/incidents/{id}/confirm</c> and <c>…/dismiss</c>.</summary>
internal sealed class ReviewBody
{
    public string? Note { get; set; }
    public string? ExampleText { get; set; }
    public string? Reviewer { get; set; }
}
