using TokenGate.Core.Periods;
using TokenGate.Core.Plans;

namespace TokenGate.Core.Admission;

/// <summary>The synchronizer-facing half of the engine: snapshots, blocks, resets, idle eviction.</summary>
public sealed partial class QuotaEngine
{
    /// <inheritdoc />
    public void ApplySnapshot(string tenantId, string userId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!BudgetPeriod.TryParseIndex(snapshot.Period, out var index))
        {
            return;
        }

        var now = _time.GetUtcNow();
        WithUser(tenantId, userId, now, user =>
        {
            if (!user.Budget.ApplySnapshot(index, now, snapshot.TokensSpent, snapshot.CostSpent, acknowledgedTokens, acknowledgedCost))
            {
                return;
            }

            user.EntityBlockedUntilTicks = snapshot.BlockedUntil?.UtcTicks ?? 0;
            user.EntityBlockReason = snapshot.BlockReason;
            user.EntityOverrides = snapshot.Overrides;
        });
    }

    /// <inheritdoc />
    public void ApplyTenantSnapshot(string tenantId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!BudgetPeriod.TryParseIndex(snapshot.Period, out var index))
        {
            return;
        }

        var now = _time.GetUtcNow();
        while (true)
        {
            var tenant = _tenants.GetOrAdd(tenantId, static _ => new TenantQuotaState());
            lock (tenant)
            {
                if (tenant.Evicted)
                {
                    continue;
                }

                if (tenant.LastTouchedTicks == 0)
                {
                    tenant.LastTouchedTicks = now.UtcTicks;
                }

                tenant.Budget.ApplySnapshot(index, now, snapshot.TokensSpent, snapshot.CostSpent, acknowledgedTokens, acknowledgedCost);
                return;
            }
        }
    }

    /// <inheritdoc />
    public void MarkSynchronized(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var seen = Volatile.Read(ref _lastSyncTicks);
        while (ticks > seen)
        {
            var previous = Interlocked.CompareExchange(ref _lastSyncTicks, ticks, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <inheritdoc />
    public void Block(string tenantId, string userId, DateTimeOffset until, string reason)
        => WithUser(tenantId, userId, _time.GetUtcNow(), user =>
        {
            user.LocalBlockedUntilTicks = until.UtcTicks;
            user.LocalBlockReason = reason;
        });

    /// <inheritdoc />
    public void Unblock(string tenantId, string userId)
        => WithUser(tenantId, userId, _time.GetUtcNow(), static user =>
        {
            user.LocalBlockedUntilTicks = 0;
            user.LocalBlockReason = null;
            user.EntityBlockedUntilTicks = 0;
            user.EntityBlockReason = null;
        });

    /// <inheritdoc />
    public void ResetUser(string tenantId, string userId)
        => WithUser(tenantId, userId, _time.GetUtcNow(), static user =>
        {
            user.Budget.EntityTokens = 0;
            user.Budget.EntityCost = 0;
            user.Budget.UnackTokens = 0;
            user.Budget.UnackCost = 0;
            user.Budget.PrevUnackTokens = 0;
            user.Budget.PrevUnackCost = 0;
            user.Requests = default;
            user.Tokens = default;
            user.LocalBlockedUntilTicks = 0;
            user.LocalBlockReason = null;
            user.EntityBlockedUntilTicks = 0;
            user.EntityBlockReason = null;
        });

    /// <inheritdoc />
    public PlanOverrides? GetEntityOverrides(string tenantId, string userId)
    {
        if (!_users.TryGetValue((tenantId, userId), out var user))
        {
            return null;
        }

        lock (user)
        {
            return user.EntityOverrides;
        }
    }

    /// <summary>
    /// Forgets users and tenants idle for <see cref="QuotaEngineOptions.IdleTimeout"/> that hold no open
    /// reservation, no unacknowledged usage and no active block. Runs on a timer; returns how many users went.
    /// </summary>
    public int EvictIdle()
    {
        var nowTicks = _time.GetUtcNow().UtcTicks;
        var cutoff = nowTicks - _options.IdleTimeout.Ticks;
        var evicted = 0;
        foreach (var (key, user) in _users)
        {
            if (Volatile.Read(ref user.LastTouchedTicks) > cutoff)
            {
                continue;
            }

            lock (user)
            {
                if (user.LastTouchedTicks > cutoff || user.OpenCount > 0 || user.Budget.HoldsUnacknowledged || user.TryGetBlock(nowTicks, out _, out _))
                {
                    continue;
                }

                user.Evicted = true;
                _users.TryRemove(KeyValuePair.Create(key, user));
                evicted++;
            }
        }

        foreach (var (key, tenant) in _tenants)
        {
            lock (tenant)
            {
                if (tenant.LastTouchedTicks > cutoff || tenant.OpenCount > 0 || tenant.Budget.HoldsUnacknowledged)
                {
                    continue;
                }

                tenant.Evicted = true;
                _tenants.TryRemove(KeyValuePair.Create(key, tenant));
            }
        }

        return evicted;
    }

    private void WithUser(string tenantId, string userId, DateTimeOffset now, Action<UserQuotaState> change)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        while (true)
        {
            var user = _users.GetOrAdd((tenantId, userId), static _ => new UserQuotaState());
            lock (user)
            {
                if (user.Evicted)
                {
                    continue;
                }

                if (user.LastTouchedTicks == 0)
                {
                    // Created by the synchronizer: give it one idle period before it may be forgotten again.
                    user.LastTouchedTicks = now.UtcTicks;
                }

                change(user);
                return;
            }
        }
    }
}
