using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Pipeline;

/// <summary>
/// The request path's cache in front of a store (keys, caller policies): entries live for
/// <see cref="GatewayOptions.DirectoryCacheDuration"/>. A look-up the cache cannot answer is shared by concurrent
/// requests for the same key and waited for at most <see cref="GatewayOptions.LookupTimeout"/>; it is not cancelled
/// with them and fills the cache when the store answers. While the store is down or that slow an expired entry
/// keeps serving; a key never seen throws <see cref="StoreUnavailableException"/> (503). A look-up that began before
/// <see cref="Remove"/> or <see cref="Clear"/> answers its callers but is not kept: it may predate the change.
/// </summary>
internal sealed class LookupCache<TKey, TValue>
    where TKey : notnull
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Expires)> _entries;
    private readonly SingleFlight<TKey, TValue> _lookups = new();
    private readonly Func<TKey, Task<TValue>> _load;
    private readonly Func<TValue, bool> _keep;
    private readonly string _unavailableMessage;
    private readonly IOptions<GatewayOptions> _options;
    private readonly TimeProvider _time;
    private int _generation; // moved by Remove and Clear

    /// <param name="load">Reads one key from the store (not tied to any request).</param>
    /// <param name="keep">Whether a loaded value is cached (unknown keys may be answered but not kept).</param>
    /// <param name="unavailableMessage">The message of the 503 when the store cannot answer and nothing is cached.</param>
    /// <param name="options">Cache lifetime and look-up deadline.</param>
    /// <param name="time">The clock for both.</param>
    /// <param name="comparer">Key equality; the default comparer when null.</param>
    public LookupCache(
        Func<TKey, Task<TValue>> load,
        Func<TValue, bool> keep,
        string unavailableMessage,
        IOptions<GatewayOptions> options,
        TimeProvider time,
        IEqualityComparer<TKey>? comparer = null)
    {
        _entries = new(comparer);
        _load = load;
        _keep = keep;
        _unavailableMessage = unavailableMessage;
        _options = options;
        _time = time;
    }

    public async ValueTask<TValue> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        var hit = _entries.TryGetValue(key, out var cached);
        if (hit && cached.Expires > _time.GetUtcNow())
        {
            return cached.Value;
        }

        try
        {
            return await _lookups.RunAsync(key, LoadAsync).WaitAsync(_options.Value.LookupTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailures.IsOutage(ex, cancellationToken))
        {
            // The store cannot be asked: the last known value is a better answer than none.
            return hit ? cached.Value : throw new StoreUnavailableException(_unavailableMessage, ex);
        }
    }

    /// <summary>Forgets one key at once.</summary>
    public void Remove(TKey key)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(key, out _);
    }

    /// <summary>Forgets every key at once.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private async Task<TValue> LoadAsync(TKey key)
    {
        var generation = Volatile.Read(ref _generation);
        var value = await _load(key).ConfigureAwait(false);
        if (generation != Volatile.Read(ref _generation) || !_keep(value))
        {
            return value;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = (value, _time.GetUtcNow() + _options.Value.DirectoryCacheDuration);
        return value;
    }
}
