namespace TokenGate.Core.Entities;

/// <summary>
/// Usage one gateway instance settled for one quota account, coalesced and numbered. Sent to a
/// quota entity with <see cref="QuotaEntityOperations.SettleBatch"/>; applied exactly once per
/// (<see cref="SourceId"/>, <see cref="Sequence"/>) however often and in whatever order it arrives.
/// </summary>
/// <param name="SourceId">The sending instance (one id per process).</param>
/// <param name="Sequence">Per (source, entity) number, starting at 1, without gaps.</param>
/// <param name="Period">Budget period the usage belongs to ("2026-11"); periods compare ordinally.</param>
/// <param name="Tokens">Tokens settled.</param>
/// <param name="Cost">Cost settled.</param>
/// <param name="Requests">Number of calls settled.</param>
/// <param name="SettledAt">When the newest settlement in the batch happened (the entity's only clock).</param>
/// <param name="ConfirmedThrough">
/// The sender has already seen every sequence up to this one applied by the entity (0 for none);
/// lets the entity restore a source it evicted without re-applying confirmed batches.
/// </param>
public sealed record SettlementBatch(
    string SourceId,
    long Sequence,
    string Period,
    long Tokens,
    decimal Cost,
    long Requests,
    DateTimeOffset SettledAt,
    long ConfirmedThrough = 0);
