using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Pipeline;

/// <summary>
/// Resolves a caller's plan, overrides and tenant policy and caches the result briefly, so the hot
/// path reads storage at most once per caller per <see cref="GatewayOptions.DirectoryCacheDuration"/>.
/// While the directory is down an expired entry keeps serving; a caller never seen throws <see cref="StoreUnavailableException"/> (503).
/// </summary>
internal sealed class CallerPolicyCache(IDirectoryStore directory, ILimitsResolver resolver, IOptions<GatewayOptions> options, TimeProvider time)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(string Tenant, string User), (CallerPolicy Policy, DateTimeOffset Expires)> _entries = new();

    public async ValueTask<CallerPolicy> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hit = _entries.TryGetValue((tenantId, userId), out var cached);
        if (hit && cached.Expires > now)
        {
            return cached.Policy;
        }

        try
        {
            return await LoadAsync(tenantId, userId, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailures.IsOutage(ex, cancellationToken))
        {
            return hit ? cached.Policy : throw new StoreUnavailableException("The directory is unavailable.", ex);
        }
    }

    /// <summary>Drops cached entries (after an admin change on this instance).</summary>
    public void Clear() => _entries.Clear();

    private async ValueTask<CallerPolicy> LoadAsync(string tenantId, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenant = await directory.GetTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetUserAsync(tenantId, userId, cancellationToken).ConfigureAwait(false);
        var planName = user?.Plan ?? tenant?.DefaultPlan ?? options.Value.DefaultPlan;
        var plan = await directory.GetPlanAsync(planName, cancellationToken).ConfigureAwait(false);
        var policy = new CallerPolicy(plan is null ? null : resolver.Resolve(plan, user, tenant), tenant?.Screening ?? new ScreeningPolicy());
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[(tenantId, userId)] = (policy, now + options.Value.DirectoryCacheDuration);
        return policy;
    }
}
