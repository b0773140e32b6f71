using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Entities;

/// <summary>
/// Runs registered entity classes in this process: one queue per entity, operations applied one at a
/// time in arrival order, different entities in parallel. An operation's state change and outgoing
/// signals commit together or not at all.
/// </summary>
internal sealed class InProcessEntityBackend
{
    private const int MaxBatchSize = 100;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(string Name, string Key), EntityQueue> _queues = new();
    private readonly IdleTracker _idle = new();
    private int _stopping;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly InProcessEntityRegistry _registry;
    private readonly IEntityStateStore _store;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public InProcessEntityBackend(
        InProcessEntityRegistry registry, IEntityStateStore store, IServiceProvider services, TimeProvider time, ILogger logger, DataConverter converter)
    {
        _registry = registry;
        _store = store;
        _services = services;
        _time = time;
        _logger = logger;
        Converter = converter;
    }

    public DataConverter Converter { get; }

    /// <summary>Queues an operation from a client; unknown entity names are refused at once.</summary>
    public void Signal(EntityInstanceId id, string operation, object? input, SignalEntityOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        if (!_registry.TryGetFactory(id.Name, out _))
        {
            throw new ArgumentException($"No entity named '{id.Name}' is registered with the in-process entity backend.", nameof(id));
        }

        Send(new EntitySignal(id, operation, input is null ? null : Converter.Serialize(input), options?.SignalTime));
    }

    /// <summary>Last committed state, or null when the entity does not exist.</summary>
    public async Task<EntityStateEntry?> GetCommittedAsync(EntityInstanceId id, CancellationToken cancellationToken)
    {
        if (_queues.TryGetValue(Key(id), out var queue) && queue.Loaded)
        {
            return queue.Committed;
        }

        return await _store.GetAsync(Normalise(id), cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<EntityStateEntry> ListAsync(string? namePrefix, CancellationToken cancellationToken) =>
        _store.ListAsync(namePrefix?.ToLowerInvariant(), cancellationToken);

    /// <summary>Completes when every queued operation (and every signal they sent) has been applied.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => _idle.WhenIdle().WaitAsync(cancellationToken);

    /// <summary>Lets queued operations finish (bounded by <paramref name="grace"/>), then stops.</summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
        {
            return; // the container may dispose the client once per registration
        }

        try
        {
            await _idle.WhenIdle().WaitAsync(grace, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Shutting down anyway; operations still queued are lost like an in-memory host's always are.
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private void Send(EntitySignal signal)
    {
        if (signal.SignalTime is { } due && due > _time.GetUtcNow())
        {
            _ = SendLaterAsync(signal, due - _time.GetUtcNow());
            return;
        }

        var queue = _queues.GetOrAdd(Key(signal.Target), _ => new EntityQueue(Normalise(signal.Target)));
        _idle.Add();
        queue.Pending.Enqueue(signal);
        if (queue.TryStartRunning())
        {
            _ = Task.Run(() => RunAsync(queue));
        }
    }

    private async Task SendLaterAsync(EntitySignal signal, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _shutdown.Token).ConfigureAwait(false);
            Send(signal with { SignalTime = null });
        }
        catch (OperationCanceledException)
        {
            // Shut down before it was due.
        }
        catch (ObjectDisposedException)
        {
            // Shut down before it was due.
        }
    }

    private async Task RunAsync(EntityQueue queue)
    {
        var batch = new List<EntitySignal>(MaxBatchSize);
        while (true)
        {
            while (batch.Count < MaxBatchSize && queue.Pending.TryDequeue(out var signal))
            {
                batch.Add(signal);
            }

            if (batch.Count > 0)
            {
                try
                {
                    await ExecuteAsync(queue, batch).ConfigureAwait(false);
                }
                finally
                {
                    batch.ForEach(_ => _idle.Done());
                    batch.Clear();
                }

                continue;
            }

            queue.StopRunning();

            // A signal may have arrived between the last dequeue and StopRunning.
            if (queue.Pending.IsEmpty || !queue.TryStartRunning())
            {
                return;
            }
        }
    }

    private async Task ExecuteAsync(EntityQueue queue, List<EntitySignal> batch)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_shutdown.IsCancellationRequested)
        {
            try
            {
                await ExecuteOnceAsync(queue, batch).ConfigureAwait(false);
                return;
            }
            catch (EntityStateConflictException)
            {
                EntityBackendLog.StateConflict(_logger, queue.Id.Name, queue.Id.Key, batch[0].Operation);
                queue.Loaded = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The state store failed (e.g. storage down): keep the batch and retry from the committed state, so no signal is lost.
                EntityBackendLog.StoreUnavailable(_logger, queue.Id.Name, queue.Id.Key, batch[0].Operation, delay, ex);
                queue.Loaded = false;
                try
                {
                    await Task.Delay(delay, _time, _shutdown.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    // Like Durable's batches: operations run one after another on the state, the result is written once,
    // and an operation that throws is rolled back alone (state and signals) while the rest commit.
    private async Task ExecuteOnceAsync(EntityQueue queue, List<EntitySignal> batch)
    {
        var cancellationToken = _shutdown.Token;
        if (!queue.Loaded)
        {
            queue.Committed = await _store.GetAsync(queue.Id, cancellationToken).ConfigureAwait(false);
            queue.Loaded = true;
        }

        var committed = queue.Committed;
        var current = committed?.State;
        var outgoing = new List<EntitySignal>();
        foreach (var signal in batch)
        {
            if (!_registry.TryGetFactory(queue.Id.Name, out var factory))
            {
                EntityBackendLog.UnknownEntity(_logger, signal.Operation, queue.Id.Name, queue.Id.Key);
                continue;
            }

            var state = new InProcessEntityState(Converter, current);
            var context = new InProcessEntityContext(queue.Id, Converter);
            var operation = new InProcessEntityOperation(signal.Operation, signal.Input, Converter, context, state);
            try
            {
                // The root provider, not a scope: a scope cannot be created while the container drains the queue on disposal.
                var entity = factory(_services);
                await entity.RunAsync(operation).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                EntityBackendLog.OperationFailed(_logger, signal.Operation, queue.Id.Name, queue.Id.Key, ex);
                continue;
            }

            current = state.Serialized;
            outgoing.AddRange(context.Signals);
        }

        if (!string.Equals(current, committed?.State, StringComparison.Ordinal))
        {
            var now = _time.GetUtcNow();
            var version = await _store.SaveAsync(queue.Id, current, committed?.Version, now, cancellationToken).ConfigureAwait(false);
            queue.Committed = current is null ? null : new EntityStateEntry(queue.Id, current, version!, now);
        }

        foreach (var signal in outgoing)
        {
            if (_registry.TryGetFactory(signal.Target.Name, out _))
            {
                Send(signal);
            }
            else
            {
                EntityBackendLog.UnknownEntity(_logger, signal.Operation, signal.Target.Name, signal.Target.Key);
            }
        }
    }

    private static (string, string) Key(EntityInstanceId id) => (id.Name.ToLowerInvariant(), id.Key);

    private static EntityInstanceId Normalise(EntityInstanceId id) => new(id.Name.ToLowerInvariant(), id.Key);
}
