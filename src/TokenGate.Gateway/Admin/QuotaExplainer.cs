using System.Globalization;
using TokenGate.Core.Admission;
using TokenGate.Core.Entities;
using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Admin;

/// <summary>Builds the "why was I throttled?" report from the directory, the engine and the entity summary.</summary>
internal static class QuotaExplainer
{
    public static QuotaExplanation Explain(
        string tenantId,
        string userId,
        string planName,
        PlanDefinition? plan,
        UserDefinition? user,
        TenantDefinition? tenant,
        QuotaAccountSummary? entity,
        IQuotaEngine? engine,
        Core.Admission.IQuotaSnapshotTarget? localQuota,
        DateTimeOffset now)
    {
        var rejections = ((engine as QuotaEngine)?.RecentRejections(tenantId, userId) ?? [])
            .Select(r => new RejectionView(r.At, r.Reason, r.RetryAfter.TotalSeconds))
            .Reverse()
            .ToList();
        var block = ActiveBlock(entity, rejections, now);
        if (plan is null)
        {
            return new QuotaExplanation(tenantId, userId, now, planName, false, null, null, null, null, block, rejections, entity,
                $"Plan '{planName}' does not exist: every call from this user is refused (403 no_plan).");
        }

        // Load factor 0: the limits as configured, before any shedding under upstream pressure.
        var limits = PolicyResolver.Resolve(plan, user, tenant, 0.0, localQuota?.GetEntityOverrides(tenantId, userId) ?? entity?.Overrides);
        var status = engine?.GetStatus(tenantId, userId, limits);
        var requests = status is { } s ? new RateView(s.RequestLimit, s.RemainingRequests, s.RequestsResetIn.TotalSeconds) : null;
        var tokens = status is { } t ? new RateView(t.TokenLimit, t.RemainingTokens, t.TokensResetIn.TotalSeconds) : null;
        var budget = status is { } b ? Budget(b) : null;
        return new QuotaExplanation(tenantId, userId, now, planName, true, View(limits), requests, tokens, budget, block, rejections, entity,
            Summarize(block, rejections, budget, requests, tokens));
    }

    private static BlockView? ActiveBlock(QuotaAccountSummary? entity, List<RejectionView> newestFirst, DateTimeOffset now)
    {
        if (entity?.BlockedUntil is { } until && until > now)
        {
            return new BlockView(until, entity.BlockReason, "entity");
        }

        // The engine keeps no readable block; a rejection for Blocked still retrying in the future shows one is active.
        var last = newestFirst.FirstOrDefault(r => r.Reason == RejectionReason.Blocked);
        return last is not null && last.At.AddSeconds(last.RetryAfterSeconds) > now
            ? new BlockView(last.At.AddSeconds(last.RetryAfterSeconds), null, "lastRejection")
            : null;
    }

    private static BudgetView Budget(QuotaStatus s) => new(
        s.Period,
        s.PeriodResetsAt,
        s.MonthlyTokenBudget,
        s.MonthlyTokenBudget - s.MonthlyTokensRemaining,
        s.MonthlyTokensRemaining,
        s.MonthlyCostBudget,
        s.MonthlyCostBudget - s.MonthlyCostRemaining,
        s.MonthlyCostRemaining);

    private static LimitsView View(ResolvedLimits l) => new(
        l.PlanName,
        l.RequestsPerMinute,
        l.TokensPerMinute,
        l.MaxConcurrentRequests,
        l.MonthlyTokenBudget,
        l.MonthlyCostBudget,
        l.MaxOutputTokens,
        l.AllowedDeployments,
        l.Priority,
        l.TenantMonthlyTokenBudget,
        l.TenantMonthlyCostBudget,
        l.TimeZone.Id,
        l.FailOpen);

    private static string Summarize(BlockView? block, List<RejectionView> newestFirst, BudgetView? budget, RateView? requests, RateView? tokens)
    {
        if (block is not null)
        {
            return Invariant($"Blocked until {block.Until:O}{(block.Reason is null ? string.Empty : ": " + block.Reason)}.");
        }

        if (budget is { TokensRemaining: <= 0 } || budget is { CostRemaining: <= 0 })
        {
            return Invariant($"The monthly budget of period {budget.Period} is used up; it resets at {budget.ResetsAt:O}.");
        }

        if (requests is { Remaining: <= 0 } || tokens is { Remaining: <= 0 })
        {
            return "The per-minute rate limit is used up right now; it refills continuously.";
        }

        return newestFirst.Count > 0
            ? Invariant($"Not throttled now; last rejected at {newestFirst[0].At:O} for {newestFirst[0].Reason}.")
            : "Not throttled; no recent rejections on this instance.";
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
