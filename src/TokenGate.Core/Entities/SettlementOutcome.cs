namespace TokenGate.Core.Entities;

/// <summary>What a quota entity did with one <see cref="SettlementBatch"/>.</summary>
public enum SettlementOutcome
{
    /// <summary>Added to the totals.</summary>
    Applied,

    /// <summary>Already applied before; nothing changed.</summary>
    Duplicate,

    /// <summary>Too far ahead of the source's contiguous mark; ignored now, applied when re-sent after the gap fills.</summary>
    Deferred,

    /// <summary>Malformed (empty source or period, sequence below 1, negative amounts); ignored.</summary>
    Invalid,
}
