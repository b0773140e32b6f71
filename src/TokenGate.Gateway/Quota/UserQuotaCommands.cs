using Microsoft.DurableTask.Client;
using TokenGate.Core.Entities;
using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Quota;

/// <summary><see cref="IUserQuotaCommands"/> by signalling <see cref="UserQuotaEntity"/> through the Durable Task client.</summary>
public sealed class UserQuotaCommands(DurableTaskClient client) : IUserQuotaCommands
{
    /// <summary>Longest block reason accepted.</summary>
    public const int MaxReasonLength = 256;

    /// <inheritdoc />
    public Task BlockAsync(string tenantId, string userId, DateTimeOffset until, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason.Length, MaxReasonLength, nameof(reason));
        return SignalAsync(tenantId, userId, QuotaEntityOperations.Block, new BlockRequest(until, reason), cancellationToken);
    }

    /// <inheritdoc />
    public Task UnblockAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
        SignalAsync(tenantId, userId, QuotaEntityOperations.Unblock, null, cancellationToken);

    /// <inheritdoc />
    public Task ResetAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
        SignalAsync(tenantId, userId, QuotaEntityOperations.Reset, null, cancellationToken);

    /// <inheritdoc />
    public Task SetOverridesAsync(string tenantId, string userId, PlanOverrides? overrides, CancellationToken cancellationToken = default) =>
        SignalAsync(tenantId, userId, QuotaEntityOperations.SetOverrides, overrides, cancellationToken);

    /// <inheritdoc />
    public Task ArchivePeriodAsync(string tenantId, string userId, string period, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        return SignalAsync(tenantId, userId, QuotaEntityOperations.ArchivePeriod, period, cancellationToken);
    }

    private Task SignalAsync(string tenantId, string userId, string operation, object? input, CancellationToken cancellationToken) =>
        client.Entities.SignalEntityAsync(UserQuotaEntity.IdFor(tenantId, userId), operation, input, cancellation: cancellationToken);
}
