using TokenGate.Core.Detection;

namespace TokenGate.Gateway.Abuse;

/// <summary>
/// Per-user detector baselines that outlive the process: read when a user is first seen by this
/// instance (restart, partition moved here), written after each batch for the users it touched.
/// </summary>
public interface IBehaviourStateStore
{
    Task<UserBehaviourSnapshot?> GetAsync(string tenantId, string userId, CancellationToken ct);

    Task SaveAsync(string tenantId, UserBehaviourSnapshot snapshot, CancellationToken ct);
}
