using System.Collections.Concurrent;

namespace TokenGate.Gateway.Abuse;

/// <summary>Keeps blocks in memory: for tests and for hosts that have not wired the entity yet.</summary>
public sealed class InMemoryUserBlocker : IUserBlocker
{
    private readonly ConcurrentDictionary<(string TenantId, string UserId), (DateTimeOffset Until, string Reason)> _blocks = new();

    /// <summary>Number of BlockAsync calls received (idempotency shows as calls, not as state).</summary>
    public int BlockCalls => _blockCalls;

    private int _blockCalls;

    public IReadOnlyDictionary<(string TenantId, string UserId), (DateTimeOffset Until, string Reason)> Blocks => _blocks;

    public Task BlockAsync(string tenantId, string userId, DateTimeOffset until, string reason, CancellationToken ct)
    {
        Interlocked.Increment(ref _blockCalls);
        _blocks.AddOrUpdate((tenantId, userId), (until, reason), (_, old) => until > old.Until ? (until, reason) : old);
        return Task.CompletedTask;
    }

    public Task UnblockAsync(string tenantId, string userId, string reason, CancellationToken ct)
    {
        _blocks.TryRemove((tenantId, userId), out _);
        return Task.CompletedTask;
    }
}
