using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Entities;

/// <summary>
/// Runs registered entity classes in this process: one queue per entity, operations applied one at a
/// time in arrival order, different entities in parallel. An operation's state change and outgoing
/// signals commit together or not at all.
/// </summary>
internal sealed class InProcessEntityBackend
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(string Name, string Key), EntityQueue> _queues = new();
    private readonly IdleTracker _idle = new();
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
        if (_shutdown.IsCancellationRequested)
        {
            return;
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
        while (true)
        {
            while (queue.Pending.TryDequeue(out var signal))
            {
                try
                {
                    await ExecuteAsync(queue, signal).ConfigureAwait(false);
                }
                finally
                {
                    _idle.Done();
                }
            }

            queue.StopRunning();

            // A signal may have arrived between the last dequeue and StopRunning.
            if (queue.Pending.IsEmpty || !queue.TryStartRunning())
            {
                return;
            }
        }
    }

    private async Task ExecuteAsync(EntityQueue queue, EntitySignal signal)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_shutdown.IsCancellationRequested)
        {
            try
            {
                await ExecuteOnceAsync(queue, signal).ConfigureAwait(false);
                return;
            }
            catch (EntityStateConflictException)
            {
                EntityBackendLog.StateConflict(_logger, queue.Id.Name, queue.Id.Key, signal.Operation);
                queue.Loaded = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The state store failed (e.g. storage down): keep the operation at the head of the queue and retry, so no signal is lost.
                EntityBackendLog.StoreUnavailable(_logger, queue.Id.Name, queue.Id.Key, signal.Operation, delay, ex);
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

    private async Task ExecuteOnceAsync(EntityQueue queue, EntitySignal signal)
    {
        var cancellationToken = _shutdown.Token;
        if (!queue.Loaded)
        {
            queue.Committed = await _store.GetAsync(queue.Id, cancellationToken).ConfigureAwait(false);
            queue.Loaded = true;
        }

        if (!_registry.TryGetFactory(queue.Id.Name, out var factory))
        {
            EntityBackendLog.UnknownEntity(_logger, signal.Operation, queue.Id.Name, queue.Id.Key);
            return;
        }

        var committed = queue.Committed;
        var state = new InProcessEntityState(Converter, committed?.State);
        var context = new InProcessEntityContext(queue.Id, Converter);
        var operation = new InProcessEntityOperation(signal.Operation, signal.Input, Converter, context, state);
        try
        {
            await using var scope = _services.CreateAsyncScope();
            var entity = factory(scope.ServiceProvider);
            await entity.RunAsync(operation).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Like Durable: a failed operation leaves no trace in state and sends nothing.
            EntityBackendLog.OperationFailed(_logger, signal.Operation, queue.Id.Name, queue.Id.Key, ex);
            return;
        }

        if (!string.Equals(state.Serialized, committed?.State, StringComparison.Ordinal))
        {
            var now = _time.GetUtcNow();
            var version = await _store.SaveAsync(queue.Id, state.Serialized, committed?.Version, now, cancellationToken).ConfigureAwait(false);
            queue.Committed = state.Serialized is null ? null : new EntityStateEntry(queue.Id, state.Serialized, version!, now);
        }

        foreach (var outgoing in context.Signals)
        {
            if (_registry.TryGetFactory(outgoing.Target.Name, out _))
            {
                Send(outgoing);
            }
            else
            {
                EntityBackendLog.UnknownEntity(_logger, outgoing.Operation, outgoing.Target.Name, outgoing.Target.Key);
            }
        }
    }

    private static (string, string) Key(EntityInstanceId id) => (id.Name.ToLowerInvariant(), id.Key);

    private static EntityInstanceId Normalise(EntityInstanceId id) => new(id.Name.ToLowerInvariant(), id.Key);
}
