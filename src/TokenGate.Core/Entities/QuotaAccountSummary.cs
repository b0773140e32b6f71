using TokenGate.Core.Plans;

namespace TokenGate.Core.Entities;

/// <summary>What <see cref="QuotaEntityOperations.GetSummary"/> returns: the account as support sees it.</summary>
public sealed record QuotaAccountSummary(
    string Period,
    long TokensSpent,
    decimal CostSpent,
    long RequestsSpent,
    DateTimeOffset? BlockedUntil,
    string? BlockReason,
    PlanOverrides? Overrides,
    IReadOnlyList<PeriodUsage> ArchivedPeriods,
    DateTimeOffset? LastSettledAt);
