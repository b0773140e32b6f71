using TokenGate.Core.Detection;

namespace TokenGate.Gateway.Abuse;

/// <summary>
/// Per-user detector state that outlives the process: read when a user is first seen by this
/// instance (restart, partition moved here), written by <see cref="UsageEventProcessor"/> at most once
/// per <see cref="AbuseDetectionOptions.StateSaveInterval"/> of a user's event time, and whenever a finding fired.
/// </summary>
public interface IBehaviourStateStore
{
    /// <summary>The saved snapshot of a user, or null when none was saved (or the saved one is unreadable).</summary>
    Task<UserBehaviourSnapshot?> GetAsync(string tenantId, string userId, CancellationToken ct);

    /// <summary>Replaces the saved snapshot of <c>snapshot.UserId</c> in the tenant.</summary>
    Task SaveAsync(string tenantId, UserBehaviourSnapshot snapshot, CancellationToken ct);

    /// <summary>
    /// Replaces the snapshots of several users of one tenant (stores batch them where they can). Every
    /// snapshot that can be saved is saved; if any cannot, the method throws after trying the rest.
    /// </summary>
    async Task SaveManyAsync(string tenantId, IReadOnlyList<UserBehaviourSnapshot> snapshots, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        List<Exception>? failures = null;
        foreach (var snapshot in snapshots)
        {
            try
            {
                await SaveAsync(tenantId, snapshot, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException($"{failures.Count} of {snapshots.Count} behaviour snapshots could not be saved.", failures);
        }
    }
}
