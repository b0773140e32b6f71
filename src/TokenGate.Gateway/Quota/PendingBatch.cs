using TokenGate.Core.Entities;

namespace TokenGate.Gateway.Quota;

/// <summary>A numbered batch this instance owes an entity, kept until a read shows it applied.</summary>
internal sealed class PendingBatch(SettlementBatch batch)
{
    public SettlementBatch Batch { get; private set; } = batch;

    /// <summary>A send was tried; from now on the batch is frozen (the entity may already hold this sequence).</summary>
    public bool Attempted { get; private set; }

    public DateTimeOffset LastAttemptAt { get; private set; }

    /// <summary>Adds usage to a batch the entity has never been offered.</summary>
    public void Merge(long tokens, decimal cost, long requests, DateTimeOffset at)
    {
        if (Attempted)
        {
            throw new InvalidOperationException("A batch offered to the entity is frozen.");
        }

        Batch = Batch with
        {
            Tokens = Batch.Tokens + tokens,
            Cost = Batch.Cost + cost,
            Requests = Batch.Requests + requests,
            SettledAt = at > Batch.SettledAt ? at : Batch.SettledAt,
        };
    }

    public void MarkAttempted(DateTimeOffset at)
    {
        Attempted = true;
        LastAttemptAt = at;
    }
}
