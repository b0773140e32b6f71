namespace TokenGate.Core.Limits;

/// <summary>
/// A token bucket in "used" form: <c>Used</c> drains at <c>rate</c> units per tick and may not exceed
/// <c>capacity</c>. Not thread-safe: the caller holds the owner's lock. All times are UTC ticks.
/// </summary>
internal struct TokenBucket
{
    private const double Epsilon = 1e-9;
    private double _used;
    private long _updatedTicks;

    public readonly double Used => _used;

    /// <summary>Drains what flowed out since the last update; a clock that goes back only pauses the drain.</summary>
    public void Refill(long nowTicks, double ratePerTick)
    {
        if (nowTicks > _updatedTicks)
        {
            _used = Math.Max(0.0, _used - ((nowTicks - _updatedTicks) * ratePerTick));
            _updatedTicks = nowTicks;
        }
    }

    /// <summary>True when <paramref name="units"/> fit; otherwise how long until they do (a full refill when they never can).</summary>
    public readonly bool CanTake(double units, double capacity, double ratePerTick, out TimeSpan retryAfter)
    {
        var excess = _used + units - capacity;
        if (excess <= Epsilon)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        var waitUnits = units > capacity ? capacity : excess;
        retryAfter = TimeSpan.FromTicks((long)Math.Ceiling(waitUnits / ratePerTick));
        return false;
    }

    public void Take(double units) => _used += units;

    /// <summary>Corrects an earlier take (negative gives back, never below empty).</summary>
    public void Adjust(double units) => _used = Math.Max(0.0, _used + units);

    public readonly long Remaining(double capacity) => (long)Math.Floor(Math.Max(0.0, capacity - _used) + Epsilon);

    public readonly TimeSpan ResetIn(double ratePerTick)
        => _used <= Epsilon ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(_used / ratePerTick));

    /// <summary>True when the bucket has fully drained by <paramref name="nowTicks"/> (state can be forgotten).</summary>
    public readonly bool IsEmptyAt(long nowTicks, double ratePerTick)
        => _used - (Math.Max(0, nowTicks - _updatedTicks) * ratePerTick) <= Epsilon;
}
