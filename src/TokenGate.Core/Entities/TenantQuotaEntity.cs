using Microsoft.DurableTask.Entities;

namespace TokenGate.Core.Entities;

/// <summary>
/// The authority on a tenant's tenant-wide spend (and a tenant-wide block), settled with the same
/// exactly-once scheme as <see cref="UserQuotaEntity"/>. Address it with <see cref="IdFor"/>.
/// </summary>
public sealed class TenantQuotaEntity : QuotaAccountEntity<TenantQuotaState>
{
    /// <summary>The entity name (Durable Task lower-cases it in instance ids).</summary>
    public const string EntityName = nameof(TenantQuotaEntity);

    /// <summary>The entity id of <paramref name="tenantId"/>.</summary>
    public static EntityInstanceId IdFor(string tenantId) => new(EntityName, QuotaEntityKeys.ForTenant(tenantId));
}
