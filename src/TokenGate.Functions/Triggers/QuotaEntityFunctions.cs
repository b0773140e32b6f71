using Microsoft.Azure.Functions.Worker;
using TokenGate.Core.Entities;

namespace TokenGate.Functions.Triggers;

/// <summary>The Durable Entities: each dispatches to the core's entity class, named after it.</summary>
public static class QuotaEntityFunctions
{
    [Function(nameof(UserQuotaEntity))]
    public static Task UserQuota([EntityTrigger] TaskEntityDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return dispatcher.DispatchAsync<UserQuotaEntity>();
    }

    [Function(nameof(TenantQuotaEntity))]
    public static Task TenantQuota([EntityTrigger] TaskEntityDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return dispatcher.DispatchAsync<TenantQuotaEntity>();
    }
}
