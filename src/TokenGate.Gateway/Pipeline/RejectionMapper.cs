using System.Globalization;
using TokenGate.Core.Admission;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Maps an engine rejection to status, OpenAI error and headers (retry-after, retry-after-ms, x-should-retry).</summary>
internal static class RejectionMapper
{
    public static RejectionResponse Map(in AdmissionDecision decision)
    {
        var retry = RetryHeaders(decision.RetryAfter);
        return decision.Reason switch
        {
            RejectionReason.RequestRate => new(new(429, $"Request rate limit of your plan reached. Retry after {Seconds(decision.RetryAfter)} seconds.", "requests", null, "rate_limit_exceeded"), retry),
            RejectionReason.TokenRate => new(new(429, $"Token rate limit of your plan reached. Retry after {Seconds(decision.RetryAfter)} seconds.", "tokens", null, "rate_limit_exceeded"), retry),
            RejectionReason.Concurrency => new(new(429, "Too many concurrent requests for your plan. Retry shortly.", "requests", null, "concurrency_limit_exceeded"), retry),
            RejectionReason.MonthlyTokenBudget or RejectionReason.MonthlyCostBudget => Exhausted("Your monthly budget is exhausted.", decision),
            RejectionReason.TenantTokenBudget or RejectionReason.TenantCostBudget => Exhausted("Your organisation's monthly budget is exhausted.", decision),
            RejectionReason.Blocked => new(new(403, BlockedMessage(decision), "permission_error", null, "user_blocked"), [new("x-should-retry", "false")]),
            RejectionReason.DeploymentNotAllowed => new(new(403, "Your plan does not allow this deployment.", "permission_error", "model", "deployment_not_allowed"), [new("x-should-retry", "false")]),
            RejectionReason.QuotaStateUnavailable => new(new(503, "Quota state is temporarily unavailable.", "server_error", null, "quota_state_unavailable"), retry),
            _ => new(new(429, "Request refused.", "requests", null, "rate_limit_exceeded"), retry),
        };
    }

    private static RejectionResponse Exhausted(string message, in AdmissionDecision decision)
    {
        var resets = decision.Status.PeriodResetsAt;
        var text = resets == default ? message : $"{message} It resets at {resets.ToString("O", CultureInfo.InvariantCulture)}.";
        return new(new(429, text, "insufficient_quota", null, "insufficient_quota"), [new("x-should-retry", "false")]);
    }

    private static string BlockedMessage(in AdmissionDecision decision)
    {
        var reason = string.IsNullOrWhiteSpace(decision.BlockReason) ? "no reason given" : decision.BlockReason;
        return decision.BlockedUntil is { } until
            ? $"Access is blocked until {until.ToString("O", CultureInfo.InvariantCulture)}: {reason}."
            : $"Access is blocked: {reason}.";
    }

    private static KeyValuePair<string, string>[] RetryHeaders(TimeSpan retryAfter)
    {
        var ms = Math.Max(0, (long)Math.Ceiling(retryAfter.TotalMilliseconds));
        return
        [
            new("retry-after", Seconds(retryAfter).ToString(CultureInfo.InvariantCulture)),
            new("retry-after-ms", ms.ToString(CultureInfo.InvariantCulture)),
        ];
    }

    private static long Seconds(TimeSpan value) => Math.Max(1, (long)Math.Ceiling(value.TotalSeconds));
}
