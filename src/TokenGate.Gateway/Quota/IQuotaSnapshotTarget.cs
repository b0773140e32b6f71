using TokenGate.Core.Admission;

namespace TokenGate.Gateway.Quota;

/// <summary>
/// The admission engine's side of the background sync: receives each account's entity snapshot
/// together with how much of this instance's own settled usage that snapshot newly includes, so the
/// engine can compute used = snapshot + settled-but-unacknowledged + reservations.
/// </summary>
public interface IQuotaSnapshotTarget
{
    /// <summary>A user's entity state; <paramref name="acknowledgedTokens"/>/<paramref name="acknowledgedCost"/> are this instance's settlements newly included (each batch acknowledged exactly once).</summary>
    void ApplySnapshot(string tenantId, string userId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost);

    /// <summary>A tenant's entity state, with the same acknowledgement rule as <see cref="ApplySnapshot"/>.</summary>
    void ApplyTenantSnapshot(string tenantId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost);

    /// <summary>A refresh round read every active account successfully at <paramref name="at"/>.</summary>
    void MarkSynchronized(DateTimeOffset at);
}
