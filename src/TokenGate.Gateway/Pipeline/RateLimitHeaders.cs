using System.Globalization;
using Microsoft.AspNetCore.Http;
using TokenGate.Core.Admission;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Writes the OpenAI-style <c>x-ratelimit-*</c> headers and TokenGate's budget headers from a <see cref="QuotaStatus"/>.</summary>
internal static class RateLimitHeaders
{
    public static void Write(IHeaderDictionary headers, in QuotaStatus status)
    {
        if (status.RequestLimit is { } requestLimit)
        {
            headers["x-ratelimit-limit-requests"] = Invariant(requestLimit);
            headers["x-ratelimit-remaining-requests"] = Invariant(Math.Max(0, status.RemainingRequests ?? 0));
            headers["x-ratelimit-reset-requests"] = Duration(status.RequestsResetIn);
        }

        if (status.TokenLimit is { } tokenLimit)
        {
            headers["x-ratelimit-limit-tokens"] = Invariant(tokenLimit);
            headers["x-ratelimit-remaining-tokens"] = Invariant(Math.Max(0, status.RemainingTokens ?? 0));
            headers["x-ratelimit-reset-tokens"] = Duration(status.TokensResetIn);
        }

        if (status.MonthlyTokenBudget is { } tokenBudget)
        {
            headers["x-tokengate-budget-tokens-limit"] = Invariant(tokenBudget);
            headers["x-tokengate-budget-tokens-remaining"] = Invariant(Math.Max(0, status.MonthlyTokensRemaining ?? 0));
        }

        if (status.MonthlyCostBudget is { } costBudget)
        {
            headers["x-tokengate-budget-cost-limit"] = costBudget.ToString(CultureInfo.InvariantCulture);
            headers["x-tokengate-budget-cost-remaining"] = Math.Max(0, status.MonthlyCostRemaining ?? 0).ToString(CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrEmpty(status.Period))
        {
            headers["x-tokengate-budget-period"] = status.Period;
            headers["x-tokengate-budget-reset"] = status.PeriodResetsAt.ToString("O", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>OpenAI's reset format: "1s", "6m0s", "1h2m3s" (milliseconds below one second).</summary>
    internal static string Duration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return Invariant((long)Math.Ceiling(value.TotalMilliseconds)) + "ms";
        }

        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        var h = seconds / 3600;
        var m = seconds % 3600 / 60;
        var s = seconds % 60;
        return h > 0 ? $"{Invariant(h)}h{Invariant(m)}m{Invariant(s)}s" : m > 0 ? $"{Invariant(m)}m{Invariant(s)}s" : $"{Invariant(s)}s";
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
