using System.Collections.Concurrent;

namespace TokenGate.Gateway.Storage;

/// <summary>
/// At most one look-up in flight per key: concurrent callers for the same key share one store call, and
/// the call is not tied to any caller, so a caller that stops waiting (its deadline passed, or it went
/// away) does not cancel it and its result still reaches whatever the load does with it (fills a cache).
/// </summary>
internal sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _inFlight = new();

    /// <summary>Look-ups in flight now.</summary>
    public int Count => _inFlight.Count;

    /// <summary>The look-up in flight for <paramref name="key"/>, or a new one started with <paramref name="load"/>.</summary>
    public Task<TValue> RunAsync(TKey key, Func<TKey, Task<TValue>> load)
    {
        var mine = new Lazy<Task<TValue>>(() => load(key));
        var current = _inFlight.GetOrAdd(key, mine);
        if (ReferenceEquals(current, mine))
        {
            // Forgotten once done, whoever is still waiting; the fault is observed here because every caller may have left.
            _ = mine.Value.ContinueWith(
                done =>
                {
                    _inFlight.TryRemove(KeyValuePair.Create(key, mine));
                    _ = done.Exception;
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return current.Value;
    }
}
