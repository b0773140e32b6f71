using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Entities;

/// <summary>
/// <see cref="DurableEntityClient"/> over the in-process backend: signals are queued and applied in the
/// background, one at a time per entity; reads return the last committed state.
/// </summary>
public sealed class InProcessEntityClient : DurableEntityClient
{
    private readonly InProcessEntityBackend _backend;

    internal InProcessEntityClient(string name, InProcessEntityBackend backend)
        : base(name)
    {
        _backend = backend;
    }

    /// <inheritdoc />
    public override Task SignalEntityAsync(
        EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        _backend.Signal(id, operationName, input, options);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
    {
        var entry = await _backend.GetCommittedAsync(id, cancellation).ConfigureAwait(false);
        return entry is null ? null : ToMetadata(entry, includeState);
    }

    /// <inheritdoc />
    public override async Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
    {
        var entry = await _backend.GetCommittedAsync(id, cancellation).ConfigureAwait(false);
        return entry is null ? null : ToMetadata<T>(entry, includeState);
    }

    /// <inheritdoc />
    public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null) =>
        Query(filter, entry => ToMetadata(entry, filter?.IncludeState ?? true));

    /// <inheritdoc />
    public override AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null) =>
        Query(filter, entry => ToMetadata<T>(entry, filter?.IncludeState ?? true));

    /// <inheritdoc />
    public override Task<CleanEntityStorageResult> CleanEntityStorageAsync(
        CleanEntityStorageRequest? request = null, bool continueUntilComplete = true, CancellationToken cancellation = default) =>
        Task.FromResult(new CleanEntityStorageResult { EmptyEntitiesRemoved = 0, OrphanedLocksReleased = 0 }); // no locks or empty entities are ever left behind here

    /// <summary>Completes when every queued signal (and every signal those operations sent) has been applied. For tests and shutdown.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) => _backend.WhenIdleAsync(cancellationToken);

    private AsyncPageable<TMetadata> Query<TMetadata>(EntityQuery? filter, Func<EntityStateEntry, TMetadata> map)
        where TMetadata : notnull
    {
        var (namePrefix, keyPrefix) = ParseStartsWith(filter?.InstanceIdStartsWith);
        return Pageable.Create<TMetadata>(async (continuation, cancellation) =>
        {
            var results = new List<TMetadata>();
            await foreach (var entry in _backend.ListAsync(namePrefix, cancellation).ConfigureAwait(false))
            {
                var matchesName = keyPrefix is null || string.Equals(entry.Id.Name, namePrefix, StringComparison.OrdinalIgnoreCase);
                if (matchesName && (keyPrefix is null || entry.Id.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
                    && (filter?.LastModifiedFrom is null || entry.LastModified >= filter.LastModifiedFrom)
                    && (filter?.LastModifiedTo is null || entry.LastModified < filter.LastModifiedTo))
                {
                    results.Add(map(entry));
                }
            }

            return new Page<TMetadata>(results, null);
        });
    }

    // Durable's instance id form is "@name@key"; a prefix may stop inside the name or inside the key.
    private static (string? NamePrefix, string? KeyPrefix) ParseStartsWith(string? startsWith)
    {
        if (string.IsNullOrEmpty(startsWith))
        {
            return (null, null);
        }

        var text = startsWith.StartsWith('@') ? startsWith[1..] : startsWith;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? (text, null) : (text[..at], text[(at + 1)..]);
    }

    private EntityMetadata ToMetadata(EntityStateEntry entry, bool includeState) =>
        new(entry.Id, includeState ? new SerializedData(entry.State, _backend.Converter) : null) { LastModifiedTime = entry.LastModified };

    private EntityMetadata<T> ToMetadata<T>(EntityStateEntry entry, bool includeState) =>
        includeState
            ? new(entry.Id, _backend.Converter.Deserialize<T>(entry.State)) { LastModifiedTime = entry.LastModified }
            : new(entry.Id) { LastModifiedTime = entry.LastModified };
}
