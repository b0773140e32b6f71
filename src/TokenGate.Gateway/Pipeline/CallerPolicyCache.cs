using Microsoft.Extensions.Options;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Pipeline;

/// <summary>
/// Resolves a caller's plan, overrides and tenant policy behind a <see cref="LookupCache{TKey, TValue}"/>, so the hot
/// path reads storage at most once per caller per <see cref="GatewayOptions.DirectoryCacheDuration"/>. While the
/// directory is down or slow an expired entry keeps serving; a caller never seen throws <see cref="StoreUnavailableException"/> (503).
/// </summary>
internal sealed class CallerPolicyCache
{
    private readonly IDirectoryStore _directory;
    private readonly ILimitsResolver _resolver;
    private readonly IOptions<GatewayOptions> _options;
    private readonly LookupCache<(string Tenant, string User), CallerPolicy> _cache;

    public CallerPolicyCache(IDirectoryStore directory, ILimitsResolver resolver, IOptions<GatewayOptions> options, TimeProvider time)
    {
        _directory = directory;
        _resolver = resolver;
        _options = options;
        _cache = new(LoadAsync, _ => true, "The directory is unavailable.", options, time);
    }

    public ValueTask<CallerPolicy> GetAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        _cache.GetAsync((tenantId, userId), cancellationToken);

    /// <summary>Drops cached entries (after an admin change on this instance).</summary>
    public void Clear() => _cache.Clear();

    private async Task<CallerPolicy> LoadAsync((string Tenant, string User) caller)
    {
        var (tenantId, userId) = caller;
        var tenant = await _directory.GetTenantAsync(tenantId, CancellationToken.None).ConfigureAwait(false);
        var user = await _directory.GetUserAsync(tenantId, userId, CancellationToken.None).ConfigureAwait(false);
        var planName = user?.Plan ?? tenant?.DefaultPlan ?? _options.Value.DefaultPlan;
        var plan = await _directory.GetPlanAsync(planName, CancellationToken.None).ConfigureAwait(false);
        return new CallerPolicy(plan is null ? null : _resolver.Resolve(plan, user, tenant), tenant?.Screening ?? new ScreeningPolicy());
    }
}
