using TokenGate.Core.Plans;

namespace TokenGate.Core.Admission;

/// <summary>
/// A user's (or tenant's) quota state as last saved by its entity, as this instance sees it.
/// Applied to the <see cref="IQuotaEngine"/> by the background synchronizer.
/// </summary>
/// <param name="Period">Budget period the figures belong to (e.g. "2026-11").</param>
/// <param name="TokensSpent">Tokens spent in the period, from every instance's applied settlements.</param>
/// <param name="CostSpent">Cost spent in the period.</param>
/// <param name="BlockedUntil">Active block, if any.</param>
/// <param name="BlockReason">Why the block was set (safe to show the caller).</param>
/// <param name="Overrides">Per-user overrides held by the entity, if any.</param>
public sealed record QuotaSnapshot(
    string Period,
    long TokensSpent,
    decimal CostSpent,
    DateTimeOffset? BlockedUntil,
    string? BlockReason,
    PlanOverrides? Overrides);
