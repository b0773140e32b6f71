using System.Collections.Concurrent;
using TokenGate.Core.Detection;

namespace TokenGate.Gateway.Abuse;

/// <summary>Baselines in memory: survives a detector being rebuilt in the same process (tests, Standalone).</summary>
public sealed class InMemoryBehaviourStateStore : IBehaviourStateStore
{
    private readonly ConcurrentDictionary<(string, string), UserBehaviourSnapshot> _snapshots = new();

    public int Count => _snapshots.Count;

    public Task<UserBehaviourSnapshot?> GetAsync(string tenantId, string userId, CancellationToken ct) =>
        Task.FromResult(_snapshots.TryGetValue((tenantId, userId), out var s) ? s : null);

    public Task SaveAsync(string tenantId, UserBehaviourSnapshot snapshot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _snapshots[(tenantId, snapshot.UserId)] = snapshot;
        return Task.CompletedTask;
    }
}
