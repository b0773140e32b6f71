using System.Collections.Concurrent;
using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Entities;

/// <summary>One entity's pending operations and its committed state (cached once loaded from the store).</summary>
internal sealed class EntityQueue(EntityInstanceId id)
{
    private int _running;

    public EntityInstanceId Id { get; } = id;

    public ConcurrentQueue<EntitySignal> Pending { get; } = new();

    public bool Loaded { get; set; }

    /// <summary>Last committed state (null: the entity does not exist); replaced as a whole so readers never see a torn update.</summary>
    public EntityStateEntry? Committed { get; set; }

    /// <summary>True for the one caller that becomes the queue's runner.</summary>
    public bool TryStartRunning() => Interlocked.CompareExchange(ref _running, 1, 0) == 0;

    public void StopRunning() => Volatile.Write(ref _running, 0);
}
