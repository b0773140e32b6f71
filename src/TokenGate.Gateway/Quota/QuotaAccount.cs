using Microsoft.DurableTask.Entities;
using TokenGate.Core.Entities;

namespace TokenGate.Gateway.Quota;

/// <summary>
/// This instance's bookkeeping for one user or tenant entity: usage not yet batched, numbered
/// batches not yet seen applied, and the next sequence number. Touched only inside a sync round.
/// </summary>
internal sealed class QuotaAccount(string tenantId, string? userId)
{
    private readonly Dictionary<string, (long Tokens, decimal Cost, long Requests, DateTimeOffset At)> _open = new(StringComparer.Ordinal);
    private long _nextSequence = 1;

    public string TenantId { get; } = tenantId;

    /// <summary>Null for the tenant account.</summary>
    public string? UserId { get; } = userId;

    public EntityInstanceId EntityId { get; } = userId is null ? TenantQuotaEntity.IdFor(tenantId) : UserQuotaEntity.IdFor(tenantId, userId);

    public List<PendingBatch> Pending { get; } = [];

    public DateTimeOffset LastActivity { get; set; }

    /// <summary>Every sequence up to this one has been seen applied.</summary>
    public long ConfirmedThrough => Pending.Count > 0 ? Pending[0].Batch.Sequence - 1 : _nextSequence - 1;

    public bool IsIdle => _open.Count == 0 && Pending.Count == 0;

    public void Add(string period, long tokens, decimal cost, DateTimeOffset at)
    {
        var current = _open.GetValueOrDefault(period);
        _open[period] = (current.Tokens + tokens, current.Cost + cost, current.Requests + 1, at > current.At ? at : current.At);
        LastActivity = at > LastActivity ? at : LastActivity;
    }

    /// <summary>Turns open usage into numbered batches, folding it into a never-offered batch of the same period when there is one.</summary>
    public void Seal(string sourceId)
    {
        foreach (var (period, usage) in _open)
        {
            var unsent = Pending.FindLast(p => !p.Attempted && p.Batch.Period == period);
            if (unsent is not null)
            {
                unsent.Merge(usage.Tokens, usage.Cost, usage.Requests, usage.At);
                continue;
            }

            Pending.Add(new PendingBatch(new SettlementBatch(sourceId, _nextSequence++, period, usage.Tokens, usage.Cost, usage.Requests, usage.At)));
        }

        _open.Clear();
    }

    /// <summary>Removes the batches <paramref name="isApplied"/> confirms; returns what they carried for <paramref name="period"/>.</summary>
    public (long Tokens, decimal Cost) Confirm(Func<long, bool> isApplied, string period)
    {
        long tokens = 0;
        decimal cost = 0;
        Pending.RemoveAll(p =>
        {
            if (!p.Attempted || !isApplied(p.Batch.Sequence))
            {
                return false;
            }

            if (p.Batch.Period == period)
            {
                tokens += p.Batch.Tokens;
                cost += p.Batch.Cost;
            }

            return true;
        });
        return (tokens, cost);
    }
}
