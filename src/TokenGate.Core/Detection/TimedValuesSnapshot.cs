namespace TokenGate.Core.Detection;

/// <summary>
/// Recent timestamped values of one short window, compactly: times as tick offsets (100 ns, exact) from
/// <see cref="Origin"/> (the oldest entry), oldest first, with a value each (tokens, a fingerprint, 1 for a count).
/// </summary>
public sealed record TimedValuesSnapshot(DateTimeOffset Origin, long[] OffsetsTicks, long[] Values);
