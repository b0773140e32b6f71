using System.Collections.Concurrent;
using TokenGate.Core.Plans;

namespace TokenGate.Core.Admission;

/// <summary>
/// The in-process admission authority: per-user request-rate and token-rate buckets, concurrency,
/// monthly token and cost budgets with reservation → settlement, and tenant-wide budgets. Every decision
/// for a user runs under that user's lock (then the tenant's, always in that order), so concurrent callers
/// never together pass a limit. No I/O, no allocation once a user's state exists.
/// </summary>
public sealed partial class QuotaEngine : IQuotaEngine, IQuotaSnapshotTarget, IDisposable
{
    private static readonly double TicksPerMinute = TimeSpan.TicksPerMinute;
    private static readonly TimeSpan ConcurrencyRetryAfter = TimeSpan.FromSeconds(1);

    // Multiplying by 10⁻⁶ is exact in decimal and much cheaper than dividing by 10⁶.
    private const decimal PerMillion = 0.000001m;

    private readonly TimeProvider _time;
    private readonly QuotaEngineOptions _options;
    private readonly ISettlementObserver? _observer;
    private readonly ConcurrentDictionary<(string TenantId, string UserId), UserQuotaState> _users = new();
    private readonly ConcurrentDictionary<string, TenantQuotaState> _tenants = new(StringComparer.Ordinal);
    private readonly ITimer? _evictionTimer;
    private readonly double _burstMinutes;
    private long _nextReservationId;
    private long _lastSyncTicks = long.MinValue;

    /// <summary>Creates the engine; validates <paramref name="options"/> and starts idle eviction on <paramref name="timeProvider"/>.</summary>
    public QuotaEngine(TimeProvider timeProvider, QuotaEngineOptions options, ISettlementObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _time = timeProvider;
        _options = options;
        _observer = observer;
        _burstMinutes = options.BurstWindow.Ticks / TicksPerMinute;
        if (options.EvictionInterval > TimeSpan.Zero)
        {
            _evictionTimer = timeProvider.CreateTimer(static s => ((QuotaEngine)s!).EvictIdle(), this, options.EvictionInterval, options.EvictionInterval);
        }
    }

    /// <summary>Number of users whose state is held right now.</summary>
    public int UserCount => _users.Count;

    /// <summary>Number of tenants whose state is held right now.</summary>
    public int TenantCount => _tenants.Count;

    /// <inheritdoc />
    public AdmissionDecision TryAdmit(AdmissionRequest request, ResolvedLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        var now = _time.GetUtcNow();
        var tokens = ReservationTokens(request);
        var cost = PriceOf(limits, request.Model, Math.Max(0, request.PromptTokens), 0, tokens - Math.Max(0, request.PromptTokens));
        while (true)
        {
            var user = _users.GetOrAdd((request.TenantId, request.UserId), static _ => new UserQuotaState());
            var tenant = _tenants.GetOrAdd(request.TenantId, static _ => new TenantQuotaState());
            lock (user)
            {
                if (user.Evicted)
                {
                    continue;
                }

                lock (tenant)
                {
                    if (tenant.Evicted)
                    {
                        continue;
                    }

                    return AdmitLocked(request, limits, user, tenant, now, tokens, cost);
                }
            }
        }
    }

    /// <inheritdoc />
    public QuotaStatus Settle(Reservation reservation, TokenUsage actual) => Finish(reservation, actual, settle: true);

    /// <inheritdoc />
    public void Release(Reservation reservation) => Finish(reservation, default, settle: false);

    /// <inheritdoc />
    public QuotaStatus GetStatus(string tenantId, string userId, ResolvedLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var now = _time.GetUtcNow();
        var user = _users.GetOrAdd((tenantId, userId), static _ => new UserQuotaState());
        _tenants.TryGetValue(tenantId, out var tenant);
        lock (user)
        {
            user.Budget.EnsurePeriod(now, limits.TimeZone);
            Refill(user, limits, now.UtcTicks);
            if (user.LastTouchedTicks == 0)
            {
                user.LastTouchedTicks = now.UtcTicks;
            }

            if (tenant is null)
            {
                return BuildStatus(user, null, limits);
            }

            lock (tenant)
            {
                tenant.Budget.EnsurePeriod(now, limits.TimeZone);
                return BuildStatus(user, tenant, limits);
            }
        }
    }

    /// <summary>The last rejections of a user (oldest first, at most 20) for the admin "why was I throttled?" report.</summary>
    public IReadOnlyList<RejectionRecord> RecentRejections(string tenantId, string userId)
    {
        if (!_users.TryGetValue((tenantId, userId), out var user))
        {
            return [];
        }

        lock (user)
        {
            return user.Rejections?.ToArray() ?? [];
        }
    }

    /// <summary>True when this engine holds state for the user (the synchronizer refreshes those).</summary>
    public bool IsTracked(string tenantId, string userId) => _users.ContainsKey((tenantId, userId));

    /// <summary>Stops the idle-eviction timer.</summary>
    public void Dispose() => _evictionTimer?.Dispose();

    private AdmissionDecision AdmitLocked(AdmissionRequest request, ResolvedLimits limits, UserQuotaState user, TenantQuotaState tenant, DateTimeOffset now, long tokens, decimal cost)
    {
        var nowTicks = now.UtcTicks;
        user.LastTouchedTicks = nowTicks;
        tenant.LastTouchedTicks = nowTicks;
        user.LastLimits = limits;
        user.Budget.EnsurePeriod(now, limits.TimeZone);
        tenant.Budget.EnsurePeriod(now, limits.TimeZone);
        Refill(user, limits, nowTicks);

        var reason = Check(request, limits, user, tenant, nowTicks, tokens, cost, out var retryAfter);
        if (reason != RejectionReason.None)
        {
            (user.Rejections ??= new RejectionLog()).Add(new RejectionRecord(now, reason, retryAfter));
            var status = BuildStatus(user, tenant, limits);
            if (reason == RejectionReason.Blocked && user.TryGetBlock(nowTicks, out var until, out var why))
            {
                return new AdmissionDecision(false, reason, retryAfter, default, status)
                {
                    BlockedUntil = new DateTimeOffset(until, TimeSpan.Zero),
                    BlockReason = why,
                };
            }

            return new AdmissionDecision(false, reason, retryAfter, default, status);
        }

        if (limits.RequestsPerMinute is not null)
        {
            user.Requests.Take(1);
        }

        if (limits.TokensPerMinute is not null)
        {
            user.Tokens.Take(tokens);
        }

        user.InFlight++;
        user.Budget.Reserve(tokens, cost);
        tenant.Budget.Reserve(tokens, cost);
        tenant.OpenCount++;
        var id = Interlocked.Increment(ref _nextReservationId);
        user.AddOpen(new OpenReservation(id, tokens, cost, user.Budget.PeriodIndex, tenant.Budget.PeriodIndex));
        var reservation = new Reservation(request.TenantId, request.UserId, request.Model, id, tokens, cost, now);
        return new AdmissionDecision(true, RejectionReason.None, TimeSpan.Zero, reservation, BuildStatus(user, tenant, limits));
    }

    private RejectionReason Check(AdmissionRequest request, ResolvedLimits limits, UserQuotaState user, TenantQuotaState tenant, long nowTicks, long tokens, decimal cost, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (IsStale(nowTicks) && !limits.FailOpen)
        {
            retryAfter = _options.UnavailableRetryAfter;
            return RejectionReason.QuotaStateUnavailable;
        }

        if (user.TryGetBlock(nowTicks, out var until, out _))
        {
            retryAfter = TimeSpan.FromTicks(until - nowTicks);
            return RejectionReason.Blocked;
        }

        if (!IsAllowed(limits.AllowedDeployments, request.Deployment, request.Model))
        {
            return RejectionReason.DeploymentNotAllowed;
        }

        if (limits.MaxConcurrentRequests is { } maxConcurrent && user.InFlight >= maxConcurrent)
        {
            retryAfter = ConcurrencyRetryAfter;
            return RejectionReason.Concurrency;
        }

        if (limits.RequestsPerMinute is { } rpm && !user.Requests.CanTake(1, Capacity(rpm), RatePerTick(rpm), out retryAfter))
        {
            return RejectionReason.RequestRate;
        }

        if (limits.TokensPerMinute is { } tpm && !user.Tokens.CanTake(tokens, Capacity(tpm), RatePerTick(tpm), out retryAfter))
        {
            return RejectionReason.TokenRate;
        }

        var untilReset = TimeSpan.FromTicks(Math.Max(0, user.Budget.EndTicks - nowTicks));
        var reason = limits.MonthlyTokenBudget is { } budget && user.Budget.UsedTokens + tokens > budget ? RejectionReason.MonthlyTokenBudget
            : limits.MonthlyCostBudget is { } costBudget && user.Budget.UsedCost + cost > costBudget ? RejectionReason.MonthlyCostBudget
            : limits.TenantMonthlyTokenBudget is { } tenantBudget && tenant.Budget.UsedTokens + tokens > tenantBudget ? RejectionReason.TenantTokenBudget
            : limits.TenantMonthlyCostBudget is { } tenantCost && tenant.Budget.UsedCost + cost > tenantCost ? RejectionReason.TenantCostBudget
            : RejectionReason.None;
        if (reason is RejectionReason.TenantTokenBudget or RejectionReason.TenantCostBudget)
        {
            untilReset = TimeSpan.FromTicks(Math.Max(0, tenant.Budget.EndTicks - nowTicks));
        }

        if (reason != RejectionReason.None)
        {
            retryAfter = untilReset;
        }

        return reason;
    }

    private QuotaStatus Finish(Reservation reservation, TokenUsage actual, bool settle)
    {
        if (reservation.TenantId is null || reservation.UserId is null
            || !_users.TryGetValue((reservation.TenantId, reservation.UserId), out var user))
        {
            return default;
        }

        _tenants.TryGetValue(reservation.TenantId, out var tenant);
        var now = _time.GetUtcNow();
        SettledUsage report = default;
        QuotaStatus status;
        lock (user)
        {
            var limits = user.LastLimits;
            if (!user.TryRemoveOpen(reservation.Id, out var open) || limits is null)
            {
                return limits is null ? default : BuildStatus(user, tenant, limits);
            }

            var usage = settle ? Normalize(actual) : default;
            long actualTokens = usage.TotalTokens;
            var actualCost = settle ? PriceOf(limits, reservation.Model, usage.PromptTokens, usage.CachedPromptTokens, usage.CompletionTokens) : 0m;
            user.LastTouchedTicks = now.UtcTicks;
            user.InFlight--;
            user.Budget.EnsurePeriod(now, limits.TimeZone);
            Refill(user, limits, now.UtcTicks);
            if (limits.TokensPerMinute is not null)
            {
                user.Tokens.Adjust(actualTokens - open.Tokens);
            }

            user.Budget.Settle(open.PeriodIndex, open.Tokens, open.Cost, actualTokens, actualCost);
            if (tenant is not null)
            {
                lock (tenant)
                {
                    tenant.Budget.EnsurePeriod(now, limits.TimeZone);
                    tenant.Budget.Settle(open.TenantPeriodIndex, open.Tokens, open.Cost, actualTokens, actualCost);
                    tenant.OpenCount--;
                    tenant.LastTouchedTicks = now.UtcTicks;
                }
            }

            if (actualTokens > 0 || actualCost > 0)
            {
                report = new SettledUsage(reservation.TenantId, reservation.UserId, reservation.Model, user.Budget.IdOf(open.PeriodIndex), usage, actualCost, now);
            }

            status = settle ? BuildStatus(user, tenant, limits) : default;
        }

        // Outside the locks: an observer that calls back into the engine cannot deadlock it.
        if (report.UserId is not null)
        {
            _observer?.OnSettled(in report);
        }

        return status;
    }

    private QuotaStatus BuildStatus(UserQuotaState user, TenantQuotaState? tenant, ResolvedLimits limits)
    {
        int? requestRemaining = null;
        long? tokenRemaining = null;
        TimeSpan requestReset = default, tokenReset = default;
        if (limits.RequestsPerMinute is { } rpm)
        {
            requestRemaining = (int)Math.Min(int.MaxValue, user.Requests.Remaining(Capacity(rpm)));
            requestReset = user.Requests.ResetIn(RatePerTick(rpm));
        }

        if (limits.TokensPerMinute is { } tpm)
        {
            tokenRemaining = user.Tokens.Remaining(Capacity(tpm));
            tokenReset = user.Tokens.ResetIn(RatePerTick(tpm));
        }

        var (tokenBudget, tokensLeft) = Tightest(limits.MonthlyTokenBudget, user.Budget.UsedTokens, limits.TenantMonthlyTokenBudget, tenant?.Budget.UsedTokens ?? 0);
        var (costBudget, costLeft) = Tightest(limits.MonthlyCostBudget, user.Budget.UsedCost, limits.TenantMonthlyCostBudget, tenant?.Budget.UsedCost ?? 0);
        return new QuotaStatus(
            limits.RequestsPerMinute, requestRemaining, requestReset,
            limits.TokensPerMinute, tokenRemaining, tokenReset,
            tokenBudget, tokensLeft, costBudget, costLeft,
            user.Budget.PeriodId ?? string.Empty, user.Budget.ResetsAt);
    }

    // Reports whichever of the user and tenant budgets leaves less, so the headers never promise more than admission allows.
    private static (long? Budget, long? Remaining) Tightest(long? userBudget, long userUsed, long? tenantBudget, long tenantUsed)
    {
        long? userLeft = userBudget is { } u ? Math.Max(0, u - userUsed) : null;
        long? tenantLeft = tenantBudget is { } t ? Math.Max(0, t - tenantUsed) : null;
        return tenantLeft is not null && (userLeft is null || tenantLeft < userLeft) ? (tenantBudget, tenantLeft) : (userBudget, userLeft);
    }

    private static (decimal? Budget, decimal? Remaining) Tightest(decimal? userBudget, decimal userUsed, decimal? tenantBudget, decimal tenantUsed)
    {
        decimal? userLeft = userBudget is { } u ? Math.Max(0, u - userUsed) : null;
        decimal? tenantLeft = tenantBudget is { } t ? Math.Max(0, t - tenantUsed) : null;
        return tenantLeft is not null && (userLeft is null || tenantLeft < userLeft) ? (tenantBudget, tenantLeft) : (userBudget, userLeft);
    }

    private void Refill(UserQuotaState user, ResolvedLimits limits, long nowTicks)
    {
        if (limits.RequestsPerMinute is { } rpm)
        {
            user.Requests.Refill(nowTicks, RatePerTick(rpm));
        }

        if (limits.TokensPerMinute is { } tpm)
        {
            user.Tokens.Refill(nowTicks, RatePerTick(tpm));
        }
    }

    private double Capacity(long perMinute) => Math.Max(1.0, perMinute * _burstMinutes);

    private static double RatePerTick(long perMinute) => Math.Max(1, perMinute) / TicksPerMinute;

    private bool IsStale(long nowTicks)
    {
        if (!_options.RequireSynchronization)
        {
            return false;
        }

        var last = Volatile.Read(ref _lastSyncTicks);
        return last == long.MinValue || nowTicks - last > _options.StaleAfter.Ticks;
    }

    private static bool IsAllowed(IReadOnlyList<string>? allowed, string deployment, string model)
    {
        if (allowed is null || allowed.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < allowed.Count; i++)
        {
            if (string.Equals(allowed[i], deployment, StringComparison.OrdinalIgnoreCase)
                || string.Equals(allowed[i], model, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static long ReservationTokens(AdmissionRequest request)
        => Math.Max(0L, request.PromptTokens) + (Math.Max(0L, request.MaxOutputTokens) * Math.Max(1L, request.Choices));

    private static TokenUsage Normalize(TokenUsage u)
    {
        var prompt = Math.Max(0, u.PromptTokens);
        return u with
        {
            PromptTokens = prompt,
            CompletionTokens = Math.Max(0, u.CompletionTokens),
            CachedPromptTokens = Math.Clamp(u.CachedPromptTokens, 0, prompt),
            ReasoningTokens = Math.Max(0, u.ReasoningTokens),
        };
    }

    /// <summary>Cost of a call; 0 when the model has no price in the plan (the cost budget then does not limit it).</summary>
    internal static decimal PriceOf(ResolvedLimits limits, string? model, long promptTokens, long cachedTokens, long outputTokens)
    {
        if (limits.Prices is null || model is null || !limits.Prices.TryGetValue(model, out var price))
        {
            return 0m;
        }

        var uncached = Math.Max(0, promptTokens - cachedTokens);
        return ((uncached * price.InputPerMillion) + (cachedTokens * price.CachedInputPerMillion) + (outputTokens * price.OutputPerMillion)) * PerMillion;
    }
}
