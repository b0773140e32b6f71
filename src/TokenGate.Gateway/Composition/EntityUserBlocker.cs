using TokenGate.Core.Admission;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Quota;

namespace TokenGate.Gateway.Composition;

/// <summary>
/// Automated and reviewed blocks: this instance's engine refuses the user at once, and the user's
/// entity is told, so every other instance learns it on its next refresh.
/// </summary>
internal sealed class EntityUserBlocker(IQuotaSnapshotTarget engine, IUserQuotaCommands entities) : IUserBlocker
{
    public Task BlockAsync(string tenantId, string userId, DateTimeOffset until, string reason, CancellationToken ct)
    {
        engine.Block(tenantId, userId, until, reason);
        return entities.BlockAsync(tenantId, userId, until, reason, ct);
    }

    public Task UnblockAsync(string tenantId, string userId, string reason, CancellationToken ct)
    {
        engine.Unblock(tenantId, userId);
        return entities.UnblockAsync(tenantId, userId, ct);
    }
}
