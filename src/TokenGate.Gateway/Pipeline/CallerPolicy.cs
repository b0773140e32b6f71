using TokenGate.Core.Plans;
using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Pipeline;

/// <summary>What applies to one caller: resolved limits and the tenant's screening policy; null limits = no plan.</summary>
public sealed record CallerPolicy(ResolvedLimits? Limits, ScreeningPolicy Screening);
