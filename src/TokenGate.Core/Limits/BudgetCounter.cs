using TokenGate.Core.Periods;

namespace TokenGate.Core.Limits;

/// <summary>
/// Monthly spend of one user or tenant as this instance sees it: entity spend (from snapshots) +
/// locally settled but not yet acknowledged + open reservations. Keeps the previous period's
/// unacknowledged amounts so late acknowledgements and settlements still land. Caller holds the lock.
/// </summary>
internal struct BudgetCounter
{
    public int PeriodIndex;
    public string? PeriodId;
    public long StartTicks;
    public long EndTicks;
    public TimeZoneInfo? Zone;
    public long EntityTokens;
    public decimal EntityCost;
    public long UnackTokens;
    public decimal UnackCost;
    public long ReservedTokens;
    public decimal ReservedCost;
    public int PrevPeriodIndex;
    public string? PrevPeriodId;
    public long PrevUnackTokens;
    public decimal PrevUnackCost;

    public readonly long UsedTokens => EntityTokens + UnackTokens + ReservedTokens;

    public readonly decimal UsedCost => EntityCost + UnackCost + ReservedCost;

    public readonly bool HoldsUnacknowledged => UnackTokens > 0 || UnackCost > 0 || PrevUnackTokens > 0 || PrevUnackCost > 0;

    public readonly DateTimeOffset ResetsAt => new(EndTicks, TimeSpan.Zero);

    /// <summary>Moves to the period containing now; cheap (no allocation) while now stays inside the current one.</summary>
    public void EnsurePeriod(DateTimeOffset now, TimeZoneInfo zone)
    {
        var ticks = now.UtcTicks;
        if (PeriodId is not null && ticks >= StartTicks && ticks < EndTicks && (ReferenceEquals(zone, Zone) || string.Equals(zone.Id, Zone?.Id, StringComparison.Ordinal)))
        {
            return;
        }

        var period = BudgetPeriod.For(now, zone);
        var index = period.Index;
        if (PeriodId is not null && index < PeriodIndex)
        {
            // A snapshot moved us ahead of this clock (skew at a month boundary): keep the newer period.
            return;
        }

        Zone = zone;
        MoveTo(index, period);
    }

    /// <summary>Moves forward to a newer period (snapshot from an instance whose clock is ahead).</summary>
    public void MoveTo(int index, BudgetPeriod period)
    {
        if (PeriodId is not null && index > PeriodIndex)
        {
            PrevPeriodIndex = PeriodIndex;
            PrevPeriodId = PeriodId;
            PrevUnackTokens = UnackTokens;
            PrevUnackCost = UnackCost;
            EntityTokens = 0;
            EntityCost = 0;
            UnackTokens = 0;
            UnackCost = 0;
            ReservedTokens = 0;
            ReservedCost = 0;
        }

        PeriodIndex = index;
        PeriodId = period.Id;
        StartTicks = period.Start.UtcTicks;
        EndTicks = period.End.UtcTicks;
    }

    public void Reserve(long tokens, decimal cost)
    {
        ReservedTokens += tokens;
        ReservedCost += cost;
    }

    /// <summary>Drops a reservation of <paramref name="periodIndex"/> and books what was really used in its period.</summary>
    public void Settle(int periodIndex, long reservedTokens, decimal reservedCost, long actualTokens, decimal actualCost)
    {
        if (periodIndex == PeriodIndex)
        {
            ReservedTokens -= reservedTokens;
            ReservedCost -= reservedCost;
            UnackTokens += actualTokens;
            UnackCost += actualCost;
        }
        else if (periodIndex == PrevPeriodIndex && PrevPeriodId is not null)
        {
            PrevUnackTokens += actualTokens;
            PrevUnackCost += actualCost;
        }
    }

    /// <summary>Applies an entity snapshot; returns false when it was for an older period (only the acknowledgement counts then).</summary>
    public bool ApplySnapshot(int index, DateTimeOffset now, long tokens, decimal cost, long ackTokens, decimal ackCost)
    {
        EnsurePeriod(now, Zone ?? TimeZoneInfo.Utc);
        if (index > PeriodIndex)
        {
            MoveTo(index, BudgetPeriod.FromIndex(index, Zone));
        }

        if (index == PeriodIndex)
        {
            EntityTokens = Math.Max(0, tokens);
            EntityCost = Math.Max(0, cost);
            UnackTokens = Math.Max(0, UnackTokens - Math.Max(0, ackTokens));
            UnackCost = Math.Max(0, UnackCost - Math.Max(0, ackCost));
            return true;
        }

        if (index == PrevPeriodIndex && PrevPeriodId is not null)
        {
            PrevUnackTokens = Math.Max(0, PrevUnackTokens - Math.Max(0, ackTokens));
            PrevUnackCost = Math.Max(0, PrevUnackCost - Math.Max(0, ackCost));
        }

        return false;
    }

    /// <summary>The id of a period this counter knows (current or previous); computed otherwise.</summary>
    public readonly string IdOf(int index)
        => index == PeriodIndex && PeriodId is not null ? PeriodId
         : index == PrevPeriodIndex && PrevPeriodId is not null ? PrevPeriodId
         : BudgetPeriod.FromIndex(index, Zone).Id;
}
