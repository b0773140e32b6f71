namespace TokenGate.Core.Protocol;

/// <summary>Response header names TokenGate writes (lower case, as HTTP/2 sends them). See docs/protocol.md.</summary>
public static class ProtocolHeaderNames
{
    public const string RetryAfter = "retry-after";
    public const string RetryAfterMs = "retry-after-ms";
    public const string ShouldRetry = "x-should-retry";
    public const string Allow = "allow";
    public const string LimitRequests = "x-ratelimit-limit-requests";
    public const string RemainingRequests = "x-ratelimit-remaining-requests";
    public const string ResetRequests = "x-ratelimit-reset-requests";
    public const string LimitTokens = "x-ratelimit-limit-tokens";
    public const string RemainingTokens = "x-ratelimit-remaining-tokens";
    public const string ResetTokens = "x-ratelimit-reset-tokens";
    public const string BudgetLimitTokens = "x-tokengate-budget-limit-tokens";
    public const string BudgetRemainingTokens = "x-tokengate-budget-remaining-tokens";
    public const string BudgetLimitCost = "x-tokengate-budget-limit-cost";
    public const string BudgetRemainingCost = "x-tokengate-budget-remaining-cost";
    public const string BudgetReset = "x-tokengate-budget-reset";
    public const string BudgetPeriod = "x-tokengate-budget-period";
}
