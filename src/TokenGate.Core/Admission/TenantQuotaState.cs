using TokenGate.Core.Limits;

namespace TokenGate.Core.Admission;

/// <summary>The tenant-wide budget as this instance sees it. Locked after (never before) a user state.</summary>
internal sealed class TenantQuotaState
{
    public BudgetCounter Budget;
    public int OpenCount;
    public long LastTouchedTicks;
    public bool Evicted;
}
