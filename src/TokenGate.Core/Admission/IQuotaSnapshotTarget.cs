using TokenGate.Core.Plans;

namespace TokenGate.Core.Admission;

/// <summary>
/// What the background synchronizer uses to feed entity state into the in-process engine
/// (implemented by <see cref="QuotaEngine"/>). Every member takes effect immediately and atomically.
/// </summary>
public interface IQuotaSnapshotTarget
{
    /// <summary>
    /// Under the user's lock: the period spend becomes the snapshot's (what the entity applied from all
    /// instances) and this instance's unacknowledged settlements shrink by the acknowledged amounts.
    /// A snapshot for an older period only applies its acknowledgement. Block fields and overrides are kept.
    /// </summary>
    void ApplySnapshot(string tenantId, string userId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost);

    /// <summary>The same as <see cref="ApplySnapshot"/> for the tenant-wide budget (block and overrides are ignored).</summary>
    void ApplyTenantSnapshot(string tenantId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost);

    /// <summary>Records that a synchronization pass completed (fail-closed support).</summary>
    void MarkSynchronized(DateTimeOffset at);

    /// <summary>Blocks the user locally until <paramref name="until"/>; <paramref name="reason"/> is shown to the caller.</summary>
    void Block(string tenantId, string userId, DateTimeOffset until, string reason);

    /// <summary>Lifts a local block.</summary>
    void Unblock(string tenantId, string userId);

    /// <summary>Forgets the user's period spend, rate usage and block locally (open reservations stay open).</summary>
    void ResetUser(string tenantId, string userId);

    /// <summary>The user's last rejections (oldest first, at most 20) for the admin "why was I throttled?" report.</summary>
    IReadOnlyList<RejectionRecord> RecentRejections(string tenantId, string userId);

    /// <summary>Overrides the user's entity holds (from the last snapshot), for <see cref="PolicyResolver"/>.</summary>
    PlanOverrides? GetEntityOverrides(string tenantId, string userId);
}
