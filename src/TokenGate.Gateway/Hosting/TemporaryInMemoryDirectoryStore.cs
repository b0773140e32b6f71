using System.Collections.Concurrent;
using TokenGate.Core.Plans;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Hosting;

/// <summary>Stand-in until the storage engineer's stores are merged (the lead deletes this).</summary>
internal sealed class TemporaryInMemoryDirectoryStore : IDirectoryStore
{
    private readonly ConcurrentDictionary<string, PlanDefinition> _plans = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, TenantDefinition> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), UserDefinition> _users = new();

    public Task<PlanDefinition?> GetPlanAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_plans.TryGetValue(name, out var plan) ? plan : null);

    public Task<IReadOnlyList<PlanDefinition>> ListPlansAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PlanDefinition>>([.. _plans.Values]);

    public Task PutPlanAsync(PlanDefinition plan, CancellationToken cancellationToken)
    {
        _plans[plan.Name] = plan;
        return Task.CompletedTask;
    }

    public Task<TenantDefinition?> GetTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(_tenants.TryGetValue(tenantId, out var tenant) ? tenant : null);

    public Task PutTenantAsync(TenantDefinition tenant, CancellationToken cancellationToken)
    {
        _tenants[tenant.TenantId] = tenant;
        return Task.CompletedTask;
    }

    public Task<UserDefinition?> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.TryGetValue((tenantId, userId), out var user) ? user : null);

    public Task PutUserAsync(UserDefinition user, CancellationToken cancellationToken)
    {
        _users[(user.TenantId, user.UserId)] = user;
        return Task.CompletedTask;
    }
}
