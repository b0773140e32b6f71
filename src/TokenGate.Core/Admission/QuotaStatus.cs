namespace TokenGate.Core.Admission;

/// <summary>
/// What is left for a user, as the response headers and the admin "explain" report it.
/// Null limits mean "unlimited"; the matching remaining value is then null too.
/// </summary>
public readonly record struct QuotaStatus(
    int? RequestLimit,
    int? RemainingRequests,
    TimeSpan RequestsResetIn,
    long? TokenLimit,
    long? RemainingTokens,
    TimeSpan TokensResetIn,
    long? MonthlyTokenBudget,
    long? MonthlyTokensRemaining,
    decimal? MonthlyCostBudget,
    decimal? MonthlyCostRemaining,
    string Period,
    DateTimeOffset PeriodResetsAt);
