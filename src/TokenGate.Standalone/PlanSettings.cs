using TokenGate.Core.Plans;

namespace TokenGate.Standalone;

/// <summary>One plan under <c>TokenGate:Plans:{name}</c> in appsettings (see <see cref="PlanDefinition"/>).</summary>
public sealed class PlanSettings
{
    public int? RequestsPerMinute { get; set; }
    public long? TokensPerMinute { get; set; }
    public int? MaxConcurrentRequests { get; set; }
    public long? MonthlyTokenBudget { get; set; }
    public decimal? MonthlyCostBudget { get; set; }
    public int? MaxOutputTokens { get; set; }
    public List<string>? AllowedDeployments { get; set; }
    public int Priority { get; set; }

    /// <summary>The plan as the directory stores it.</summary>
    public PlanDefinition ToDefinition(string name) => new()
    {
        Name = name,
        RequestsPerMinute = RequestsPerMinute,
        TokensPerMinute = TokensPerMinute,
        MaxConcurrentRequests = MaxConcurrentRequests,
        MonthlyTokenBudget = MonthlyTokenBudget,
        MonthlyCostBudget = MonthlyCostBudget,
        MaxOutputTokens = MaxOutputTokens,
        AllowedDeployments = AllowedDeployments is { Count: > 0 } ? AllowedDeployments : null,
        Priority = Priority,
    };
}
