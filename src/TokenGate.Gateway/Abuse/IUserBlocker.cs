namespace TokenGate.Gateway.Abuse;

/// <summary>Blocks and unblocks a user (wired by the host to the UserQuota entity). Both must be idempotent.</summary>
public interface IUserBlocker
{
    Task BlockAsync(string tenantId, string userId, DateTimeOffset until, string reason, CancellationToken ct);

    Task UnblockAsync(string tenantId, string userId, string reason, CancellationToken ct);
}
