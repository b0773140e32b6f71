using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Entities;

/// <summary><see cref="IEntityStateStore"/> in process memory: the default when no storage is configured.</summary>
public sealed class InMemoryEntityStateStore : IEntityStateStore
{
    private readonly ConcurrentDictionary<(string Name, string Key), EntityStateEntry> _entries = new();
    private long _version;

    /// <inheritdoc />
    public Task<EntityStateEntry?> GetAsync(EntityInstanceId id, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.GetValueOrDefault(Key(id)));

    /// <inheritdoc />
    public Task<string?> SaveAsync(EntityInstanceId id, string? state, string? expectedVersion, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var key = Key(id);
        lock (_entries)
        {
            var current = _entries.GetValueOrDefault(key);
            if (current?.Version != expectedVersion)
            {
                throw new EntityStateConflictException($"Entity {id} changed since it was read.");
            }

            if (state is null)
            {
                _entries.TryRemove(key, out _);
                return Task.FromResult<string?>(null);
            }

            var version = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
            _entries[key] = new EntityStateEntry(id, state, version, at);
            return Task.FromResult<string?>(version);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<EntityStateEntry> ListAsync(string? namePrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var entry in _entries.Values.OrderBy(e => e.Id.Name, StringComparer.Ordinal).ThenBy(e => e.Id.Key, StringComparer.Ordinal))
        {
            if (namePrefix is null || entry.Id.Name.StartsWith(namePrefix, StringComparison.OrdinalIgnoreCase))
            {
                yield return entry;
            }
        }
    }

    private static (string, string) Key(EntityInstanceId id) => (id.Name.ToLowerInvariant(), id.Key);
}
