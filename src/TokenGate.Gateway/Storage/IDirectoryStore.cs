using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Storage;

/// <summary>Plans, tenants and users. Implementations: in memory, Azure Tables.</summary>
public interface IDirectoryStore
{
    Task<PlanDefinition?> GetPlanAsync(string name, CancellationToken cancellationToken);
    Task<IReadOnlyList<PlanDefinition>> ListPlansAsync(CancellationToken cancellationToken);
    Task PutPlanAsync(PlanDefinition plan, CancellationToken cancellationToken);
    Task<TenantDefinition?> GetTenantAsync(string tenantId, CancellationToken cancellationToken);
    Task PutTenantAsync(TenantDefinition tenant, CancellationToken cancellationToken);
    Task<UserDefinition?> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken);
    Task PutUserAsync(UserDefinition user, CancellationToken cancellationToken);
}
