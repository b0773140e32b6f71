using Microsoft.Extensions.Options;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Identity;

/// <summary>
/// Key records behind a <see cref="LookupCache{TKey, TValue}"/>, so the hot path does not hit storage per request.
/// While the key store is down or slow an expired record keeps serving; a key never seen throws
/// <see cref="StoreUnavailableException"/> (503), never a 401.
/// </summary>
internal sealed class ApiKeyCache(IApiKeyStore store, IOptions<GatewayOptions> options, TimeProvider time)
{
    // Unknown ids are answered but not cached: random ids must not fill the cache (the per-IP limiter bounds their lookups).
    private readonly LookupCache<string, ApiKeyRecord?> _cache = new(
        keyId => store.FindAsync(keyId, CancellationToken.None), record => record is not null, "The key store is unavailable.", options, time, StringComparer.Ordinal);

    public ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) => _cache.GetAsync(keyId, cancellationToken);

    /// <summary>Forgets a key at once (after revocation through the admin API on this instance).</summary>
    public void Invalidate(string keyId) => _cache.Remove(keyId);
}
