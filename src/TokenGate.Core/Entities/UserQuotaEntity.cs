using Microsoft.DurableTask.Entities;
using TokenGate.Core.Plans;

namespace TokenGate.Core.Entities;

/// <summary>
/// The authority on one user's budget period, spend, block and overrides. Registered under
/// <see cref="EntityName"/>; address it with <see cref="IdFor"/>.
/// </summary>
public sealed class UserQuotaEntity : QuotaAccountEntity<UserQuotaState>
{
    /// <summary>The entity name (Durable Task lower-cases it in instance ids).</summary>
    public const string EntityName = nameof(UserQuotaEntity);

    /// <summary>The entity id of (<paramref name="tenantId"/>, <paramref name="userId"/>): unambiguous and storage-safe for any strings.</summary>
    public static EntityInstanceId IdFor(string tenantId, string userId) =>
        new(EntityName, QuotaEntityKeys.ForUser(tenantId, userId));

    /// <summary>Sets or (with no input) clears the user's plan overrides.</summary>
    public void SetOverrides(PlanOverrides? overrides = null) => State.Overrides = overrides;
}
