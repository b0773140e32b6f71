using System.Collections.Concurrent;
using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Storage;

/// <summary><see cref="IDirectoryStore"/> in process memory. Records are immutable, so they are shared as is.</summary>
public sealed class InMemoryDirectoryStore : IDirectoryStore
{
    private readonly ConcurrentDictionary<string, PlanDefinition> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TenantDefinition> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string User), UserDefinition> _users = new();

    /// <inheritdoc />
    public Task<PlanDefinition?> GetPlanAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_plans.GetValueOrDefault(name));

    /// <inheritdoc />
    public Task<IReadOnlyList<PlanDefinition>> ListPlansAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PlanDefinition>>([.. _plans.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public Task PutPlanAsync(PlanDefinition plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _plans[plan.Name] = PlanPrices.CaseInsensitive(plan);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<TenantDefinition?> GetTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(_tenants.GetValueOrDefault(tenantId));

    /// <inheritdoc />
    public Task PutTenantAsync(TenantDefinition tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        _tenants[tenant.TenantId] = tenant;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<UserDefinition?> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.GetValueOrDefault((tenantId, userId)));

    /// <inheritdoc />
    public Task PutUserAsync(UserDefinition user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        _users[(user.TenantId, user.UserId)] = user;
        return Task.CompletedTask;
    }
}
