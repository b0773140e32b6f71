using TokenGate.Core.Admission;
using TokenGate.Core.Entities;

namespace TokenGate.Gateway.Admin;

// The JSON of GET /admin/tenants/{tenant}/users/{user}/quota ("why was I throttled?"); docs/admin-api.md documents it.

/// <summary>Everything support needs to explain a user's throttling, as of <see cref="At"/>.</summary>
internal sealed record QuotaExplanation(
    string TenantId,
    string UserId,
    DateTimeOffset At,
    string Plan,
    bool PlanExists,
    LimitsView? Limits,
    RateView? Requests,
    RateView? Tokens,
    BudgetView? Budget,
    BlockView? Block,
    IReadOnlyList<RejectionView> RecentRejections,
    QuotaAccountSummary? Entity,
    string Summary);

/// <summary>The resolved limits: plan, then user and entity overrides, then the tenant's budgets and time zone.</summary>
internal sealed record LimitsView(
    string PlanName,
    int? RequestsPerMinute,
    long? TokensPerMinute,
    int? MaxConcurrentRequests,
    long? MonthlyTokenBudget,
    decimal? MonthlyCostBudget,
    int? MaxOutputTokens,
    IReadOnlyList<string>? AllowedDeployments,
    int Priority,
    long? TenantMonthlyTokenBudget,
    decimal? TenantMonthlyCostBudget,
    string TimeZone,
    bool FailOpen);

/// <summary>A per-minute limit right now; null limit = unlimited.</summary>
internal sealed record RateView(long? Limit, long? Remaining, double ResetsInSeconds);

/// <summary>The monthly budget period: used includes open reservations on this instance.</summary>
internal sealed record BudgetView(
    string Period,
    DateTimeOffset ResetsAt,
    long? TokenBudget,
    long? TokensUsed,
    long? TokensRemaining,
    decimal? CostBudget,
    decimal? CostUsed,
    decimal? CostRemaining);

/// <summary>An active block; <see cref="Source"/> says who knows it ("entity" or "lastRejection").</summary>
internal sealed record BlockView(DateTimeOffset? Until, string? Reason, string Source);

/// <summary>One recent rejection on this instance.</summary>
internal sealed record RejectionView(DateTimeOffset At, RejectionReason Reason, double RetryAfterSeconds);
