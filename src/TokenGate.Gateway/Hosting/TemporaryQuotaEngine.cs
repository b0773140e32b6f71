using System.Collections.Concurrent;
using System.Globalization;
using TokenGate.Core.Admission;
using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Hosting;

/// <summary>
/// A small per-process engine (requests/tokens per fixed minute, concurrency, monthly token budget,
/// allowed deployments) standing in for Core's QuotaEngine until it is merged (the lead deletes this).
/// </summary>
internal sealed class TemporaryQuotaEngine(TimeProvider time) : IQuotaEngine
{
    private readonly ConcurrentDictionary<(string, string), UserState> _users = new();
    private long _nextId;

    public AdmissionDecision TryAdmit(AdmissionRequest request, ResolvedLimits limits)
    {
        var state = _users.GetOrAdd((request.TenantId, request.UserId), _ => new UserState());
        var now = time.GetUtcNow();
        var tokens = (long)request.PromptTokens + ((long)request.MaxOutputTokens * request.Choices);
        lock (state)
        {
            state.Roll(now);
            var status = state.Status(limits, now);
            if (limits.AllowedDeployments is { Count: > 0 } allowed && !allowed.Contains(request.Deployment, StringComparer.OrdinalIgnoreCase))
            {
                return Reject(RejectionReason.DeploymentNotAllowed, TimeSpan.Zero, status);
            }

            if (limits.MonthlyTokenBudget is { } budget && state.MonthSpent + state.MonthReserved + tokens > budget)
            {
                return Reject(RejectionReason.MonthlyTokenBudget, status.PeriodResetsAt - now, status);
            }

            if (limits.RequestsPerMinute is { } rpm && state.MinuteRequests >= rpm)
            {
                return Reject(RejectionReason.RequestRate, state.MinuteStart.AddMinutes(1) - now, status);
            }

            if (limits.TokensPerMinute is { } tpm && state.MinuteTokens + tokens > tpm)
            {
                return Reject(RejectionReason.TokenRate, state.MinuteStart.AddMinutes(1) - now, status);
            }

            if (limits.MaxConcurrentRequests is { } concurrent && state.InFlight.Count >= concurrent)
            {
                return Reject(RejectionReason.Concurrency, TimeSpan.FromSeconds(1), status);
            }

            var reservation = new Reservation(request.TenantId, request.UserId, request.Model, Interlocked.Increment(ref _nextId), tokens, 0m, now);
            state.MinuteRequests++;
            state.MinuteTokens += tokens;
            state.MonthReserved += tokens;
            state.InFlight[reservation.Id] = tokens;
            state.Limits = limits;
            return new AdmissionDecision(true, RejectionReason.None, TimeSpan.Zero, reservation, state.Status(limits, now));
        }
    }

    public QuotaStatus Settle(Reservation reservation, TokenUsage actual)
    {
        var state = _users.GetOrAdd((reservation.TenantId, reservation.UserId), _ => new UserState());
        var now = time.GetUtcNow();
        lock (state)
        {
            state.Roll(now);
            if (state.InFlight.Remove(reservation.Id, out var reserved))
            {
                state.MonthReserved -= reserved;
                state.MonthSpent += actual.TotalTokens;
                state.MinuteTokens += actual.TotalTokens - reserved;
            }

            return state.Status(state.Limits, now);
        }
    }

    public void Release(Reservation reservation)
    {
        var state = _users.GetOrAdd((reservation.TenantId, reservation.UserId), _ => new UserState());
        lock (state)
        {
            if (state.InFlight.Remove(reservation.Id, out var reserved))
            {
                state.MonthReserved -= reserved;
                state.MinuteTokens -= reserved;
                state.MinuteRequests--;
            }
        }
    }

    public QuotaStatus GetStatus(string tenantId, string userId, ResolvedLimits limits)
    {
        var state = _users.GetOrAdd((tenantId, userId), _ => new UserState());
        var now = time.GetUtcNow();
        lock (state)
        {
            state.Roll(now);
            return state.Status(limits, now);
        }
    }

    private static AdmissionDecision Reject(RejectionReason reason, TimeSpan retryAfter, QuotaStatus status) =>
        new(false, reason, retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter, default, status);

    private sealed class UserState
    {
        public DateTimeOffset MinuteStart { get; private set; }
        public int MinuteRequests { get; set; }
        public long MinuteTokens { get; set; }
        public string Period { get; private set; } = string.Empty;
        public long MonthSpent { get; set; }
        public long MonthReserved { get; set; }
        public Dictionary<long, long> InFlight { get; } = [];
        public ResolvedLimits? Limits { get; set; }

        public void Roll(DateTimeOffset now)
        {
            var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
            if (minute != MinuteStart)
            {
                MinuteStart = minute;
                MinuteRequests = 0;
                MinuteTokens = 0;
            }

            var period = now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            if (period != Period)
            {
                Period = period;
                MonthSpent = 0;
            }
        }

        public QuotaStatus Status(ResolvedLimits? limits, DateTimeOffset now)
        {
            var reset = MinuteStart.AddMinutes(1) - now;
            var periodStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
            return new QuotaStatus(
                limits?.RequestsPerMinute,
                limits?.RequestsPerMinute - MinuteRequests,
                reset,
                limits?.TokensPerMinute,
                limits?.TokensPerMinute - MinuteTokens,
                reset,
                limits?.MonthlyTokenBudget,
                limits?.MonthlyTokenBudget - MonthSpent - MonthReserved,
                limits?.MonthlyCostBudget,
                limits?.MonthlyCostBudget,
                Period,
                periodStart.AddMonths(1));
        }
    }
}
