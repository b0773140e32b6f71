namespace TokenGate.Core.Admission;

/// <summary>Why a call was not admitted. Each maps to one HTTP status and OpenAI error (see Protocol).</summary>
public enum RejectionReason
{
    None = 0,
    RequestRate,
    TokenRate,
    Concurrency,
    MonthlyTokenBudget,
    MonthlyCostBudget,
    TenantTokenBudget,
    TenantCostBudget,
    Blocked,
    DeploymentNotAllowed,
    /// <summary>Quota state could not be refreshed for longer than allowed and the tenant fails closed (503).</summary>
    QuotaStateUnavailable,
}
