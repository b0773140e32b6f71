using TokenGate.Core.Admission;
using TokenGate.Core.Plans;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Quota;

namespace TokenGate.Gateway.Composition;

/// <summary>
/// Resolves limits with Core's <see cref="PolicyResolver"/>: plan, the user's overrides, the overrides
/// the user's entity holds, tenant budgets, and the current upstream load. Resolving a user also asks
/// the synchronizer to keep that user's entity view fresh, so an instance learns what other instances
/// spent before it settles anything of its own.
/// </summary>
internal sealed class PolicyLimitsResolver(IQuotaSnapshotTarget engine, UpstreamPressure pressure, QuotaSynchronizer? synchronizer = null) : ILimitsResolver
{
    public ResolvedLimits Resolve(PlanDefinition plan, UserDefinition? user, TenantDefinition? tenant)
    {
        PlanOverrides? entityOverrides = null;
        if (user is not null)
        {
            entityOverrides = engine.GetEntityOverrides(user.TenantId, user.UserId);
            synchronizer?.Watch(user.TenantId, user.UserId);
        }

        return PolicyResolver.Resolve(plan, user, tenant, pressure.LoadFactor, entityOverrides);
    }
}
