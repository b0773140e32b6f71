using Microsoft.DurableTask.Entities;

namespace TokenGate.Core.Entities;

/// <summary>
/// The operations user and tenant quota entities share. Public methods are the entity's operations
/// (dispatched by name); their names are in <see cref="QuotaEntityOperations"/>.
/// </summary>
/// <typeparam name="TState">The entity's state.</typeparam>
public abstract class QuotaAccountEntity<TState> : TaskEntity<TState>
    where TState : QuotaAccountState, new()
{
    /// <summary>Applies a batch exactly once (dedupe per source and sequence).</summary>
    public SettlementOutcome SettleBatch(SettlementBatch batch) => State.Ledger.Apply(batch);

    /// <summary>Blocks the account until <see cref="BlockRequest.Until"/>; a later block replaces an earlier one.</summary>
    public void Block(BlockRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        State.BlockedUntil = request.Until;
        State.BlockReason = request.Reason;
    }

    /// <summary>Lifts any block.</summary>
    public void Unblock()
    {
        State.BlockedUntil = null;
        State.BlockReason = null;
    }

    /// <summary>Zeroes the open period's spend (support action); dedupe memory stays.</summary>
    public void Reset() => State.Ledger.ResetCurrent();

    /// <summary>The monthly close: archives the open period if it is <paramref name="period"/> or older. Idempotent.</summary>
    public void ArchivePeriod(string period) => State.Ledger.ArchiveThrough(period);

    /// <summary>The account as support sees it.</summary>
    public QuotaAccountSummary GetSummary() => State.ToSummary();

    /// <summary>A missing entity starts empty.</summary>
    protected override TState InitializeState(TaskEntityOperation entityOperation) => new();
}
