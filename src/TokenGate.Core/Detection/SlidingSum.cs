namespace TokenGate.Core.Detection;

/// <summary>Sum and count of values inside a trailing event-time window; memory bounded by <c>capacity</c>.</summary>
internal sealed class SlidingSum(TimeSpan window, int capacity)
{
    private readonly Queue<(DateTimeOffset Time, long Value)> _items = new();

    public long Sum { get; private set; }

    public int Count => _items.Count;

    public void Add(DateTimeOffset time, long value)
    {
        _items.Enqueue((time, value));
        Sum += value;
        Trim(time);
        // Past capacity the oldest entries go: the sum stays a lower bound, which errs towards not flagging.
        while (_items.Count > capacity)
        {
            Sum -= _items.Dequeue().Value;
        }
    }

    public void Trim(DateTimeOffset now)
    {
        while (_items.Count > 0 && now - _items.Peek().Time >= window)
        {
            Sum -= _items.Dequeue().Value;
        }
    }

    /// <summary>The newest <paramref name="max"/> entries still in the window, or null when empty.</summary>
    public TimedValuesSnapshot? Snapshot(int max) => TimedValues.ToSnapshot(_items, max);

    public void Restore(TimedValuesSnapshot? snapshot)
    {
        _items.Clear();
        Sum = 0;
        foreach (var (time, value) in TimedValues.FromSnapshot(snapshot))
        {
            _items.Enqueue((time, value));
            Sum += value;
        }
    }
}
