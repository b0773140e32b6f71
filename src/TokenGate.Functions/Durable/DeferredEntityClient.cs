using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace TokenGate.Functions.Durable;

/// <summary>Entity operations on the client that <see cref="DurableClientAccessor"/> captured, waiting for it if need be.</summary>
internal sealed class DeferredEntityClient(DurableClientAccessor accessor) : DurableEntityClient("deferred")
{
    public override async Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default) =>
        await (await EntitiesAsync(cancellation).ConfigureAwait(false)).SignalEntityAsync(id, operationName, input, options, cancellation).ConfigureAwait(false);

    public override async Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) =>
        await (await EntitiesAsync(cancellation).ConfigureAwait(false)).GetEntityAsync(id, includeState, cancellation).ConfigureAwait(false);

    public override async Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) =>
        await (await EntitiesAsync(cancellation).ConfigureAwait(false)).GetEntityAsync<T>(id, includeState, cancellation).ConfigureAwait(false);

    public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null) =>
        Pageable.Create((continuation, pageSize, cancellation) => FirstPageAsync(c => c.GetAllEntitiesAsync(filter), cancellation));

    public override AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null) =>
        Pageable.Create((continuation, pageSize, cancellation) => FirstPageAsync(c => c.GetAllEntitiesAsync<T>(filter), cancellation));

    public override async Task<CleanEntityStorageResult> CleanEntityStorageAsync(CleanEntityStorageRequest? request = null, bool continueUntilComplete = true, CancellationToken cancellation = default) =>
        await (await EntitiesAsync(cancellation).ConfigureAwait(false)).CleanEntityStorageAsync(request, continueUntilComplete, cancellation).ConfigureAwait(false);

    private async Task<DurableEntityClient> EntitiesAsync(CancellationToken cancellation) =>
        (await accessor.GetAsync(cancellation).ConfigureAwait(false)).Entities;

    private async Task<Page<T>> FirstPageAsync<T>(Func<DurableEntityClient, AsyncPageable<T>> query, CancellationToken cancellation)
        where T : notnull
    {
        var entities = await EntitiesAsync(cancellation).ConfigureAwait(false);
        var items = new List<T>();
        await foreach (var item in query(entities).WithCancellation(cancellation).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return new Page<T>(items, continuationToken: null);
    }
}
