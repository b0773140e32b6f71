using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Quota;

/// <summary>
/// Changes to a user's quota entity (admin API, abuse response). Each call signals the entity and
/// returns once the signal is accepted; the change reaches every instance's view on its next refresh.
/// </summary>
public interface IUserQuotaCommands
{
    /// <summary>Blocks the user until <paramref name="until"/> with a reason shown to the caller (1–256 chars, no secrets).</summary>
    Task BlockAsync(string tenantId, string userId, DateTimeOffset until, string reason, CancellationToken cancellationToken = default);

    /// <summary>Lifts any block.</summary>
    Task UnblockAsync(string tenantId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Zeroes the spend of the user's open period.</summary>
    Task ResetAsync(string tenantId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Sets the user's plan overrides; null clears them.</summary>
    Task SetOverridesAsync(string tenantId, string userId, PlanOverrides? overrides, CancellationToken cancellationToken = default);

    /// <summary>The monthly close for the user: archives <paramref name="period"/> (and any older open period). Idempotent.</summary>
    Task ArchivePeriodAsync(string tenantId, string userId, string period, CancellationToken cancellationToken = default);
}
