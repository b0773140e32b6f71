using TokenGate.Core.Limits;
using TokenGate.Core.Plans;

namespace TokenGate.Core.Admission;

/// <summary>Everything the engine knows about one user. Guarded by locking the instance itself.</summary>
internal sealed class UserQuotaState
{
    public BudgetCounter Budget;
    public TokenBucket Requests;
    public TokenBucket Tokens;
    public int InFlight;
    public long LastTouchedTicks;
    public long LocalBlockedUntilTicks;
    public string? LocalBlockReason;
    public long EntityBlockedUntilTicks;
    public string? EntityBlockReason;
    public PlanOverrides? EntityOverrides;
    public RejectionLog? Rejections;
    public ResolvedLimits? LastLimits;
    public bool Evicted;
    private OpenReservation[] _open = [];
    private int _openCount;

    public int OpenCount => _openCount;

    /// <summary>The later of the local and entity blocks that is active at <paramref name="nowTicks"/>, if any.</summary>
    public bool TryGetBlock(long nowTicks, out long untilTicks, out string? reason)
    {
        var local = LocalBlockedUntilTicks > nowTicks;
        var entity = EntityBlockedUntilTicks > nowTicks;
        if (local && (!entity || LocalBlockedUntilTicks >= EntityBlockedUntilTicks))
        {
            (untilTicks, reason) = (LocalBlockedUntilTicks, LocalBlockReason);
            return true;
        }

        if (entity)
        {
            (untilTicks, reason) = (EntityBlockedUntilTicks, EntityBlockReason);
            return true;
        }

        (untilTicks, reason) = (0, null);
        return false;
    }

    public void AddOpen(in OpenReservation reservation)
    {
        if (_openCount == _open.Length)
        {
            Array.Resize(ref _open, Math.Max(2, _open.Length * 2));
        }

        _open[_openCount++] = reservation;
    }

    /// <summary>Removes the open reservation with <paramref name="id"/>; false when it was already settled or released.</summary>
    public bool TryRemoveOpen(long id, out OpenReservation reservation)
    {
        for (var i = 0; i < _openCount; i++)
        {
            if (_open[i].Id == id)
            {
                reservation = _open[i];
                _open[i] = _open[--_openCount];
                _open[_openCount] = default;
                return true;
            }
        }

        reservation = default;
        return false;
    }
}
