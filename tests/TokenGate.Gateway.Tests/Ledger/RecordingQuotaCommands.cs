using TokenGate.Core.Plans;
using TokenGate.Gateway.Quota;

namespace TokenGate.Gateway.Tests.Ledger;

internal sealed class RecordingQuotaCommands : IUserQuotaCommands
{
    public List<(string Tenant, string User, string Period)> Archived { get; } = [];

    public Task BlockAsync(string tenantId, string userId, DateTimeOffset until, string reason, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UnblockAsync(string tenantId, string userId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ResetAsync(string tenantId, string userId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SetOverridesAsync(string tenantId, string userId, PlanOverrides? overrides, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ArchivePeriodAsync(string tenantId, string userId, string period, CancellationToken cancellationToken = default)
    {
        Archived.Add((tenantId, userId, period));
        return Task.CompletedTask;
    }
}
