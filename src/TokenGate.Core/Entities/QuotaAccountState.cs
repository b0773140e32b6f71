using TokenGate.Core.Admission;
using TokenGate.Core.Plans;

namespace TokenGate.Core.Entities;

/// <summary>State shared by user and tenant quota entities. Round-trips through System.Text.Json: public get/set only.</summary>
public abstract class QuotaAccountState
{
    /// <summary>Periods, spend and dedupe memory.</summary>
    public SettlementLedger Ledger { get; set; } = new();

    /// <summary>Active block end, if any (a past value means the block has expired).</summary>
    public DateTimeOffset? BlockedUntil { get; set; }

    /// <summary>Why the block was set.</summary>
    public string? BlockReason { get; set; }

    /// <summary>What the admission engine needs from this state.</summary>
    public QuotaSnapshot ToSnapshot() => new(
        Ledger.Current.Period,
        Ledger.Current.Tokens,
        Ledger.Current.Cost,
        BlockedUntil,
        BlockReason,
        GetOverrides());

    /// <summary>The summary support and the admin API show.</summary>
    public QuotaAccountSummary ToSummary() => new(
        Ledger.Current.Period,
        Ledger.Current.Tokens,
        Ledger.Current.Cost,
        Ledger.Current.Requests,
        BlockedUntil,
        BlockReason,
        GetOverrides(),
        Ledger.Archived.Select(p => p.Copy()).ToList(),
        Ledger.LastSettledAt);

    /// <summary>Per-account plan overrides; none by default.</summary>
    protected virtual PlanOverrides? GetOverrides() => null;
}
