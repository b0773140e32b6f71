using TokenGate.Core.Detection;
using TokenGate.Gateway.Abuse;

namespace TokenGate.Gateway.Tests.Abuse;

/// <summary>Counts what reaches an inner store, and can fail reads or writes on demand.</summary>
internal sealed class CountingBehaviourStateStore(IBehaviourStateStore inner) : IBehaviourStateStore
{
    public int Reads { get; private set; }

    /// <summary>Snapshots written (one per user per save).</summary>
    public int Writes { get; private set; }

    /// <summary>Calls to the store's write methods (a batch of users of one tenant is one call).</summary>
    public int WriteCalls { get; private set; }

    public bool FailReads { get; set; }

    public bool FailWrites { get; set; }

    public Task<UserBehaviourSnapshot?> GetAsync(string tenantId, string userId, CancellationToken ct)
    {
        Reads++;
        return FailReads ? throw new InvalidOperationException("store unavailable") : inner.GetAsync(tenantId, userId, ct);
    }

    public Task SaveAsync(string tenantId, UserBehaviourSnapshot snapshot, CancellationToken ct) =>
        SaveManyAsync(tenantId, [snapshot], ct);

    public Task SaveManyAsync(string tenantId, IReadOnlyList<UserBehaviourSnapshot> snapshots, CancellationToken ct)
    {
        WriteCalls++;
        if (FailWrites)
        {
            throw new InvalidOperationException("store unavailable");
        }

        Writes += snapshots.Count;
        return inner.SaveManyAsync(tenantId, snapshots, ct);
    }
}
