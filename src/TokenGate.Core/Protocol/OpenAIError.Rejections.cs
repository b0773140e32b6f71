using System.Globalization;
using TokenGate.Core.Admission;

namespace TokenGate.Core.Protocol;

/// <summary>The mapping from an engine rejection to what the client gets.</summary>
public sealed partial class OpenAIError
{
    /// <summary>
    /// The error for a rejected <see cref="AdmissionDecision"/>: status, type, code, message, extras and headers
    /// (including the rate-limit and budget headers of <see cref="AdmissionDecision.Status"/>). See docs/protocol.md.
    /// </summary>
    public static OpenAIError FromRejection(in AdmissionDecision decision)
    {
        var status = decision.Status;
        var error = decision.Reason switch
        {
            RejectionReason.RequestRate => RateLimited(
                Text($"Rate limit reached for requests per minute (limit {status.RequestLimit}). Retry after {Seconds(decision.RetryAfter)} seconds."),
                decision.RetryAfter, ErrorTypes.Requests),
            RejectionReason.TokenRate => RateLimited(
                Text($"Rate limit reached for tokens per minute (limit {status.TokenLimit}, remaining {status.RemainingTokens}). Retry after {Seconds(decision.RetryAfter)} seconds, or lower max_tokens."),
                decision.RetryAfter, ErrorTypes.Tokens),
            RejectionReason.Concurrency => RateLimited(
                "Too many concurrent requests for this user. Retry when an earlier request has finished.",
                decision.RetryAfter, ErrorTypes.Requests),
            RejectionReason.MonthlyTokenBudget => Quota("Your monthly token budget is exhausted", status),
            RejectionReason.MonthlyCostBudget => Quota("Your monthly cost budget is exhausted", status),
            RejectionReason.TenantTokenBudget => Quota("Your organization's monthly token budget is exhausted", status),
            RejectionReason.TenantCostBudget => Quota("Your organization's monthly cost budget is exhausted", status),
            RejectionReason.Blocked => new OpenAIError(403, ErrorTypes.Permission,
                Text($"Access is blocked until {(decision.BlockedUntil is { } u ? HeaderFormat.Instant(u) : "further notice")}: {Echo(decision.BlockReason ?? "blocked by policy")}."),
                ErrorCodes.UserBlocked)
            {
                BlockedUntil = decision.BlockedUntil,
                Headers = [new(ProtocolHeaderNames.ShouldRetry, "false")],
            },
            RejectionReason.DeploymentNotAllowed => Forbidden(
                "Your plan does not allow this deployment or model.", ErrorCodes.DeploymentNotAllowed),
            RejectionReason.QuotaStateUnavailable => Unavailable(
                "Quota state is temporarily unavailable. Please retry shortly.", decision.RetryAfter, ErrorCodes.QuotaStateUnavailable),
            _ => throw new ArgumentException("The decision is not a rejection.", nameof(decision)),
        };

        var headers = new List<KeyValuePair<string, string>>(error.Headers.Count + 12);
        headers.AddRange(error.Headers);
        QuotaHeaders.AppendTo(headers, status);
        return new OpenAIError(error.Status, error.Type, error.Message, error.Code, error.Param)
        {
            TokensRemaining = error.TokensRemaining,
            ResetAt = error.ResetAt,
            BlockedUntil = error.BlockedUntil,
            Headers = headers,
        };
    }

    private static OpenAIError Quota(string what, in QuotaStatus status)
        => InsufficientQuota(
            Text($"{what} for period {status.Period}. It resets at {HeaderFormat.Instant(status.PeriodResetsAt)}."),
            status.MonthlyTokensRemaining,
            status.PeriodResetsAt);

    private static string Seconds(TimeSpan value) => HeaderFormat.Seconds(value);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
