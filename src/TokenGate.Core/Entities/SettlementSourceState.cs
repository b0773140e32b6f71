namespace TokenGate.Core.Entities;

/// <summary>
/// Dedupe memory for one sending instance: every sequence up to <see cref="HighWaterMark"/> is applied,
/// plus the few in <see cref="AppliedAbove"/>. Part of entity state: public get/set only.
/// </summary>
public sealed class SettlementSourceState
{
    /// <summary>All sequences 1..HighWaterMark have been applied.</summary>
    public long HighWaterMark { get; set; }

    /// <summary>Applied sequences above the mark (out-of-order arrivals), ascending; fewer than <see cref="SettlementLimits.OutOfOrderWindow"/>.</summary>
    public List<long> AppliedAbove { get; set; } = [];

    /// <summary>Newest settlement time seen from this source (drives idle eviction).</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>True when the entity has applied <paramref name="sequence"/> from this source.</summary>
    public bool IsApplied(long sequence) => sequence <= HighWaterMark || AppliedAbove.BinarySearch(sequence) >= 0;

    internal SettlementOutcome TryAccept(long sequence)
    {
        if (IsApplied(sequence))
        {
            return SettlementOutcome.Duplicate;
        }

        if (sequence > HighWaterMark + SettlementLimits.OutOfOrderWindow)
        {
            return SettlementOutcome.Deferred;
        }

        var index = AppliedAbove.BinarySearch(sequence);
        AppliedAbove.Insert(~index, sequence);
        Compact();
        return SettlementOutcome.Applied;
    }

    /// <summary>Raises the mark to what the sender has confirmed (only ever moves forward).</summary>
    internal void Advance(long confirmedThrough)
    {
        if (confirmedThrough <= HighWaterMark)
        {
            return;
        }

        HighWaterMark = confirmedThrough;
        AppliedAbove.RemoveAll(s => s <= confirmedThrough);
        Compact();
    }

    private void Compact()
    {
        var consumed = 0;
        while (consumed < AppliedAbove.Count && AppliedAbove[consumed] == HighWaterMark + 1)
        {
            HighWaterMark++;
            consumed++;
        }

        AppliedAbove.RemoveRange(0, consumed);
    }
}
