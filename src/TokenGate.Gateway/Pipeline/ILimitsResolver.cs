using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Turns plan, user and tenant into the limits that apply (the seam for Core's PolicyResolver).</summary>
public interface ILimitsResolver
{
    ResolvedLimits Resolve(PlanDefinition plan, UserDefinition? user, TenantDefinition? tenant);
}
