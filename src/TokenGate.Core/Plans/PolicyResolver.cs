using System.Runtime.CompilerServices;

namespace TokenGate.Core.Plans;

/// <summary>
/// Turns a plan, a user, a tenant and the current upstream load into the <see cref="ResolvedLimits"/>
/// the engine enforces. Order: plan → <see cref="UserDefinition.Overrides"/> → entity-held overrides →
/// tenant (budgets, time zone, fail-open) → load factor on the rate limits.
/// </summary>
public static class PolicyResolver
{
    /// <summary>Share of a rate limit every plan keeps even at full upstream pressure (load factor 1).</summary>
    public const double MinimumShare = 0.1;

    private static readonly ConditionalWeakTable<IReadOnlyDictionary<string, ModelPrice>, Dictionary<string, ModelPrice>> PriceTables = new();

    /// <summary>Resolves the limits for one user; see the type summary for the order.</summary>
    public static ResolvedLimits Resolve(PlanDefinition plan, UserDefinition? user, TenantDefinition? tenant, double loadFactor)
        => Resolve(plan, user, tenant, loadFactor, entityOverrides: null);

    /// <summary>
    /// Resolves the limits for one user, applying <paramref name="entityOverrides"/> (held by the user's
    /// quota entity, e.g. from <c>IQuotaSnapshotTarget.GetEntityOverrides</c>) after the user's own overrides.
    /// </summary>
    public static ResolvedLimits Resolve(PlanDefinition plan, UserDefinition? user, TenantDefinition? tenant, double loadFactor, PlanOverrides? entityOverrides)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var limits = new ResolvedLimits
        {
            PlanName = plan.Name,
            RequestsPerMinute = plan.RequestsPerMinute,
            TokensPerMinute = plan.TokensPerMinute,
            MaxConcurrentRequests = plan.MaxConcurrentRequests,
            MonthlyTokenBudget = plan.MonthlyTokenBudget,
            MonthlyCostBudget = plan.MonthlyCostBudget,
            Prices = CaseInsensitive(plan.Prices),
            MaxOutputTokens = plan.MaxOutputTokens,
            AllowedDeployments = plan.AllowedDeployments,
            Priority = plan.Priority,
        };

        limits = Apply(limits, user?.Overrides);
        limits = Apply(limits, entityOverrides);

        if (tenant is not null)
        {
            limits = limits with
            {
                TenantMonthlyTokenBudget = tenant.MonthlyTokenBudget,
                TenantMonthlyCostBudget = tenant.MonthlyCostBudget,
                TimeZone = TryFindTimeZone(tenant.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc,
                FailOpen = tenant.FailOpen,
            };
        }

        var scale = LoadScale(limits.Priority, loadFactor);
        return scale >= 1.0 ? limits : limits with
        {
            RequestsPerMinute = Scale(limits.RequestsPerMinute, scale),
            TokensPerMinute = Scale(limits.TokensPerMinute, scale),
        };
    }

    /// <summary>
    /// The share of its rate limits a plan keeps under upstream pressure:
    /// <c>1 − (1 − MinimumShare) × L^(1 + max(priority, 0))</c> with <c>L</c> = load factor clamped to [0, 1].
    /// 1 at no load; lower priorities lose their share first; everyone keeps <see cref="MinimumShare"/> at full load.
    /// </summary>
    public static double LoadScale(int priority, double loadFactor)
    {
        var load = double.IsNaN(loadFactor) ? 0.0 : Math.Clamp(loadFactor, 0.0, 1.0);
        if (load == 0.0)
        {
            return 1.0;
        }

        return 1.0 - ((1.0 - MinimumShare) * Math.Pow(load, 1 + Math.Max(priority, 0)));
    }

    /// <summary>Finds an IANA or Windows time zone id; null or empty is UTC. False (and UTC) when unknown.</summary>
    public static bool TryFindTimeZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return true;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            zone = found;
            return true;
        }

        return false;
    }

    private static ResolvedLimits Apply(ResolvedLimits limits, PlanOverrides? o) => o is null ? limits : limits with
    {
        RequestsPerMinute = o.RequestsPerMinute ?? limits.RequestsPerMinute,
        TokensPerMinute = o.TokensPerMinute ?? limits.TokensPerMinute,
        MaxConcurrentRequests = o.MaxConcurrentRequests ?? limits.MaxConcurrentRequests,
        MonthlyTokenBudget = o.MonthlyTokenBudget ?? limits.MonthlyTokenBudget,
        MonthlyCostBudget = o.MonthlyCostBudget ?? limits.MonthlyCostBudget,
        MaxOutputTokens = o.MaxOutputTokens ?? limits.MaxOutputTokens,
        AllowedDeployments = o.AllowedDeployments ?? limits.AllowedDeployments,
        Priority = o.Priority ?? limits.Priority,
    };

    // The epsilon keeps float error (1 − 0.9 = 0.0999…) from costing a whole request or token.
    private static int? Scale(int? limit, double scale) => limit is { } l ? (int)Math.Max(1, Math.Floor((l * scale) + 1e-6)) : null;

    private static long? Scale(long? limit, double scale) => limit is { } l ? (long)Math.Max(1, Math.Floor((l * scale) + 1e-6)) : null;

    // The engine looks prices up by model on every admission; make the lookup case-insensitive once per plan table.
    private static IReadOnlyDictionary<string, ModelPrice>? CaseInsensitive(IReadOnlyDictionary<string, ModelPrice>? prices)
    {
        if (prices is null || (prices is Dictionary<string, ModelPrice> d && d.Comparer == StringComparer.OrdinalIgnoreCase))
        {
            return prices;
        }

        return PriceTables.GetValue(prices, static p =>
        {
            var table = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
            foreach (var (model, price) in p)
            {
                table[model] = price;
            }

            return table;
        });
    }
}
