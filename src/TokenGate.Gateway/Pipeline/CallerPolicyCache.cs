using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Pipeline;

/// <summary>
/// Resolves a caller's plan, overrides and tenant policy and caches the result briefly, so the hot
/// path reads storage at most once per caller per <see cref="GatewayOptions.DirectoryCacheDuration"/>.
/// A look-up the cache cannot answer waits at most <see cref="GatewayOptions.LookupTimeout"/> and is shared by
/// concurrent requests of the same caller. While the directory is down or that slow an expired entry keeps
/// serving; a caller never seen throws <see cref="StoreUnavailableException"/> (503).
/// </summary>
internal sealed class CallerPolicyCache(IDirectoryStore directory, ILimitsResolver resolver, IOptions<GatewayOptions> options, TimeProvider time)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(string Tenant, string User), (CallerPolicy Policy, DateTimeOffset Expires)> _entries = new();
    private readonly SingleFlight<(string Tenant, string User), CallerPolicy> _lookups = new();
    private int _generation; // moved by Clear: a look-up that began before it must not cache what it read

    public async ValueTask<CallerPolicy> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var hit = _entries.TryGetValue((tenantId, userId), out var cached);
        if (hit && cached.Expires > time.GetUtcNow())
        {
            return cached.Policy;
        }

        try
        {
            return await _lookups.RunAsync((tenantId, userId), LoadAsync).WaitAsync(options.Value.LookupTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailures.IsOutage(ex, cancellationToken))
        {
            return hit ? cached.Policy : throw new StoreUnavailableException("The directory is unavailable.", ex);
        }
    }

    /// <summary>Drops cached entries (after an admin change on this instance).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private async Task<CallerPolicy> LoadAsync((string Tenant, string User) caller)
    {
        var (tenantId, userId) = caller;
        var generation = Volatile.Read(ref _generation);
        var tenant = await directory.GetTenantAsync(tenantId, CancellationToken.None).ConfigureAwait(false);
        var user = await directory.GetUserAsync(tenantId, userId, CancellationToken.None).ConfigureAwait(false);
        var planName = user?.Plan ?? tenant?.DefaultPlan ?? options.Value.DefaultPlan;
        var plan = await directory.GetPlanAsync(planName, CancellationToken.None).ConfigureAwait(false);
        var policy = new CallerPolicy(plan is null ? null : resolver.Resolve(plan, user, tenant), tenant?.Screening ?? new ScreeningPolicy());
        if (generation != Volatile.Read(ref _generation))
        {
            return policy; // the directory changed meanwhile: this read may predate it, so it is not kept
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[caller] = (policy, time.GetUtcNow() + options.Value.DirectoryCacheDuration);
        return policy;
    }
}
