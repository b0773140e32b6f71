using Microsoft.DurableTask;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace TokenGate.Testing.Entities;

/// <summary>
/// A <see cref="DurableEntityClient"/> that runs real entity classes in memory. Signals are queued
/// until the test calls <see cref="PumpAsync"/>; reads return the last committed state (as JSON
/// round-trips). Tests can duplicate, shuffle and fail deliveries to play an at-least-once backend.
/// </summary>
public sealed class InMemoryEntityClient() : DurableEntityClient("in-memory")
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Func<ITaskEntity>> _factories = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<EntityInstanceId, string> _committed = [];
    private List<QueuedSignal> _queue = [];

    /// <summary>While true, <c>SignalEntityAsync</c> throws (backend unavailable).</summary>
    public bool FailSignals { get; set; }

    /// <summary>While true, <c>SignalEntityAsync</c> queues the signal and then throws (a timeout after the write landed).</summary>
    public bool FailSignalsAfterAccepting { get; set; }

    /// <summary>While true, <c>GetEntityAsync</c> throws (backend unavailable).</summary>
    public bool FailReads { get; set; }

    /// <summary>Signals accepted so far (including failed-and-retried ones only once each accepted).</summary>
    public int SignalsAccepted { get; private set; }

    public int PendingCount
    {
        get { lock (_gate) { return _queue.Count; } }
    }

    public InMemoryEntityClient Register<TEntity>(string entityName)
        where TEntity : ITaskEntity, new()
    {
        _factories[entityName] = () => new TEntity();
        return this;
    }

    /// <summary>Snapshot of queued signals (operation name and input JSON), in delivery order.</summary>
    public IReadOnlyList<(EntityInstanceId Id, string Operation, string? InputJson)> Pending
    {
        get { lock (_gate) { return _queue.Select(q => (q.Id, q.Operation, q.InputJson)).ToList(); } }
    }

    /// <summary>Re-queues a copy of every pending signal (at-least-once delivery).</summary>
    public void DuplicatePending()
    {
        lock (_gate) { _queue.AddRange(_queue.ToList()); }
    }

    /// <summary>Shuffles pending signals (no ordering between client signals).</summary>
    public void ShufflePending(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        lock (_gate) { _queue = [.. _queue.OrderBy(_ => random.Next())]; }
    }

    /// <summary>Applies every queued signal, one operation at a time, in queue order.</summary>
    public async Task<int> PumpAsync()
    {
        List<QueuedSignal> batch;
        lock (_gate)
        {
            batch = _queue;
            _queue = [];
        }

        foreach (var signal in batch)
        {
            await ApplyAsync(signal);
        }

        return batch.Count;
    }

    public string? GetStateJson(EntityInstanceId id)
    {
        lock (_gate) { return _committed.GetValueOrDefault(id); }
    }

    public TState? GetState<TState>(EntityInstanceId id) => (TState?)EntityJson.Deserialize(GetStateJson(id), typeof(TState));

    public override Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default)
    {
        if (!_factories.ContainsKey(id.Name))
        {
            throw new InvalidOperationException($"No entity registered as '{id.Name}'.");
        }

        lock (_gate)
        {
            if (FailSignals)
            {
                throw new InvalidOperationException("Entity backend unavailable (test).");
            }

            _queue.Add(new QueuedSignal(id, operationName, EntityJson.Serialize(input)));
            SignalsAccepted++;
            if (FailSignalsAfterAccepting)
            {
                throw new TimeoutException("Signal accepted but the call timed out (test).");
            }
        }

        return Task.CompletedTask;
    }

    public override Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
    {
        string? json;
        lock (_gate)
        {
            if (FailReads)
            {
                throw new InvalidOperationException("Entity backend unavailable (test).");
            }

            json = _committed.GetValueOrDefault(id);
        }

        if (json is null)
        {
            return Task.FromResult<EntityMetadata<T>?>(null);
        }

        var state = (T)EntityJson.Deserialize(json, typeof(T))!;
        return Task.FromResult<EntityMetadata<T>?>(includeState ? new EntityMetadata<T>(id, state) : new EntityMetadata<T>(id));
    }

    public override Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) =>
        throw new NotSupportedException("Use the typed GetEntityAsync<T>.");

    public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null) => throw new NotSupportedException();

    public override AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null) => throw new NotSupportedException();

    public override Task<CleanEntityStorageResult> CleanEntityStorageAsync(CleanEntityStorageRequest? request = null, bool continueUntilComplete = true, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    private async Task ApplyAsync(QueuedSignal signal)
    {
        var state = new JsonEntityState(GetStateJson(signal.Id));
        var operation = new TestEntityOperation(signal.Operation, signal.InputJson, state, new TestEntityContext(signal.Id));
        try
        {
            await _factories[signal.Id.Name]().RunAsync(operation);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failing operation rolls back its state change, as Durable Entities do.
            return;
        }

        lock (_gate)
        {
            if (state.Json is null)
            {
                _committed.Remove(signal.Id);
            }
            else
            {
                _committed[signal.Id] = state.Json;
            }
        }
    }

    private sealed record QueuedSignal(EntityInstanceId Id, string Operation, string? InputJson);
}
