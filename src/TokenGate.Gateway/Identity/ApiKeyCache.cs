using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Identity;

/// <summary>
/// Key records cached for <see cref="GatewayOptions.DirectoryCacheDuration"/> so the hot path does not hit storage per request.
/// A look-up the cache cannot answer waits at most <see cref="GatewayOptions.LookupTimeout"/> and is shared by concurrent
/// requests for the same key. While the key store is down or that slow an expired record keeps serving; a key never seen
/// throws <see cref="StoreUnavailableException"/> (503), never a 401.
/// </summary>
internal sealed class ApiKeyCache(IApiKeyStore store, IOptions<GatewayOptions> options, TimeProvider time)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Record, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);
    private readonly SingleFlight<string, ApiKeyRecord?> _lookups = new();
    private int _generation; // moved by Invalidate: a look-up that began before it must not cache what it read

    public async ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var hit = _entries.TryGetValue(keyId, out var cached);
        if (hit && cached.Expires > time.GetUtcNow())
        {
            return cached.Record;
        }

        try
        {
            return await _lookups.RunAsync(keyId, LoadAsync).WaitAsync(options.Value.LookupTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailures.IsOutage(ex, cancellationToken))
        {
            // The store cannot be asked: the last known record is a better answer than none, and no answer is not "invalid key".
            return hit ? cached.Record : throw new StoreUnavailableException("The key store is unavailable.", ex);
        }
    }

    /// <summary>Forgets a key at once (after revocation through the admin API on this instance).</summary>
    public void Invalidate(string keyId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(keyId, out _);
    }

    private async Task<ApiKeyRecord?> LoadAsync(string keyId)
    {
        var generation = Volatile.Read(ref _generation);
        var record = await store.FindAsync(keyId, CancellationToken.None).ConfigureAwait(false);
        if (generation != Volatile.Read(ref _generation))
        {
            return record; // a key was revoked meanwhile: this read may predate it, so it answers its callers but is not kept
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        // Unknown ids are not cached: random ids must not fill the cache (the per-IP limiter bounds their lookups).
        if (record is not null)
        {
            _entries[keyId] = (record, time.GetUtcNow() + options.Value.DirectoryCacheDuration);
        }

        return record;
    }
}
