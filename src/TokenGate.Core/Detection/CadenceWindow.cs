namespace TokenGate.Core.Detection;

/// <summary>
/// Completed calls in a trailing event-time window with their token sum and the running moments of
/// the gaps between consecutive calls, so the cadence's coefficient of variation costs O(1) per call.
/// Memory bounded by <c>capacity</c> (past it the oldest calls go; the sum stays a lower bound).
/// </summary>
internal sealed class CadenceWindow(TimeSpan window, int capacity)
{
    private readonly Queue<(DateTimeOffset Time, long Value)> _items = new();
    private DateTimeOffset _newest;
    private double _gapSum;
    private double _gapSquares;

    public long Sum { get; private set; }

    public int Count => _items.Count;

    /// <summary>Seconds from the oldest to the newest call in the window.</summary>
    public double SpanSeconds => _items.Count < 2 ? 0 : (_newest - _items.Peek().Time).TotalSeconds;

    /// <summary>Tokens of every call but the oldest: what was spent over <see cref="SpanSeconds"/>.</summary>
    public long SumAfterOldest => _items.Count == 0 ? 0 : Sum - _items.Peek().Value;

    /// <summary>Standard deviation over mean of the gaps between calls (0 perfectly steady; about 1 for Poisson arrivals).</summary>
    public double GapCoefficientOfVariation
    {
        get
        {
            var gaps = _items.Count - 1;
            if (gaps < 2)
            {
                return double.NaN;
            }

            var mean = _gapSum / gaps;
            var variance = Math.Max(0, (_gapSquares / gaps) - (mean * mean));
            return mean <= 0 ? double.PositiveInfinity : Math.Sqrt(variance) / mean;
        }
    }

    public void Add(DateTimeOffset time, long value)
    {
        // Out-of-order events join as if they arrived now: the window stays ordered and the gap non-negative.
        var at = _items.Count > 0 && time < _newest ? _newest : time;
        if (_items.Count > 0)
        {
            var gap = (at - _newest).TotalSeconds;
            _gapSum += gap;
            _gapSquares += gap * gap;
        }

        _items.Enqueue((at, value));
        _newest = at;
        Sum += value;
        while (_items.Count > 0 && (at - _items.Peek().Time >= window || _items.Count > capacity))
        {
            RemoveOldest();
        }
    }

    public TimedValuesSnapshot? Snapshot(int max) => TimedValues.ToSnapshot(_items, max);

    public void Restore(TimedValuesSnapshot? snapshot)
    {
        _items.Clear();
        Sum = 0;
        _gapSum = 0;
        _gapSquares = 0;
        foreach (var (time, value) in TimedValues.FromSnapshot(snapshot))
        {
            Add(time, value);
        }
    }

    private void RemoveOldest()
    {
        var (time, value) = _items.Dequeue();
        Sum -= value;
        if (_items.Count > 0)
        {
            var gap = (_items.Peek().Time - time).TotalSeconds;
            _gapSum -= gap;
            _gapSquares -= gap * gap;
        }
        else
        {
            _gapSum = 0;
            _gapSquares = 0;
        }
    }
}
