using TokenGate.Core.Plans;

namespace TokenGate.Core.Entities;

/// <summary>State of <see cref="UserQuotaEntity"/>.</summary>
public sealed class UserQuotaState : QuotaAccountState
{
    /// <summary>Per-user overrides of the plan; null for none.</summary>
    public PlanOverrides? Overrides { get; set; }

    protected override PlanOverrides? GetOverrides() => Overrides;
}
