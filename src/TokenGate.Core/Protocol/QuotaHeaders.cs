using System.Globalization;
using TokenGate.Core.Admission;

namespace TokenGate.Core.Protocol;

/// <summary>
/// The rate-limit and budget headers for a <see cref="QuotaStatus"/>, as (name, value) pairs any host can write.
/// A limit that does not apply (null) has no headers.
/// </summary>
public static class QuotaHeaders
{
    /// <summary>Headers for a successful (or rejected) response carrying <paramref name="status"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(in QuotaStatus status)
    {
        var headers = new List<KeyValuePair<string, string>>(11);
        AppendTo(headers, status);
        return headers;
    }

    /// <summary>Appends the headers for <paramref name="status"/> to <paramref name="headers"/>.</summary>
    public static void AppendTo(ICollection<KeyValuePair<string, string>> headers, in QuotaStatus status)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (status.RequestLimit is { } requestLimit)
        {
            Add(headers, ProtocolHeaderNames.LimitRequests, requestLimit.ToString(CultureInfo.InvariantCulture));
            Add(headers, ProtocolHeaderNames.RemainingRequests, (status.RemainingRequests ?? 0).ToString(CultureInfo.InvariantCulture));
            Add(headers, ProtocolHeaderNames.ResetRequests, HeaderFormat.Duration(status.RequestsResetIn));
        }

        if (status.TokenLimit is { } tokenLimit)
        {
            Add(headers, ProtocolHeaderNames.LimitTokens, tokenLimit.ToString(CultureInfo.InvariantCulture));
            Add(headers, ProtocolHeaderNames.RemainingTokens, (status.RemainingTokens ?? 0).ToString(CultureInfo.InvariantCulture));
            Add(headers, ProtocolHeaderNames.ResetTokens, HeaderFormat.Duration(status.TokensResetIn));
        }

        if (status.MonthlyTokenBudget is { } tokenBudget)
        {
            Add(headers, ProtocolHeaderNames.BudgetLimitTokens, tokenBudget.ToString(CultureInfo.InvariantCulture));
            Add(headers, ProtocolHeaderNames.BudgetRemainingTokens, (status.MonthlyTokensRemaining ?? 0).ToString(CultureInfo.InvariantCulture));
        }

        if (status.MonthlyCostBudget is { } costBudget)
        {
            Add(headers, ProtocolHeaderNames.BudgetLimitCost, HeaderFormat.Money(costBudget));
            Add(headers, ProtocolHeaderNames.BudgetRemainingCost, HeaderFormat.Money(status.MonthlyCostRemaining ?? 0));
        }

        if ((status.MonthlyTokenBudget is not null || status.MonthlyCostBudget is not null) && !string.IsNullOrEmpty(status.Period))
        {
            Add(headers, ProtocolHeaderNames.BudgetReset, HeaderFormat.Instant(status.PeriodResetsAt));
            Add(headers, ProtocolHeaderNames.BudgetPeriod, status.Period);
        }
    }

    private static void Add(ICollection<KeyValuePair<string, string>> headers, string name, string value) => headers.Add(new(name, value));
}
