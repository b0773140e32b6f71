namespace TokenGate.Core.Detection;

/// <summary>
/// A trailing event-time window kept as fixed buckets (for example 30 one-minute buckets): the sum
/// covers the current bucket and the previous <c>buckets - 1</c>. Memory is constant whatever the
/// event rate, so it snapshots exactly.
/// </summary>
internal sealed class BucketedSum(TimeSpan bucket, int buckets)
{
    private readonly long[] _sums = new long[buckets];
    private long _last = long.MinValue;

    public long Sum { get; private set; }

    public void Add(DateTimeOffset time, long value)
    {
        var index = time.UtcTicks / bucket.Ticks;
        Advance(index);
        // Late events older than the window count towards the oldest bucket still held: a small, safe skew.
        var target = Math.Max(index, _last - _sums.Length + 1);
        _sums[Slot(target)] += value;
        Sum += value;
    }

    public BucketedSumSnapshot Snapshot()
    {
        var values = new long[_sums.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _last == long.MinValue ? 0 : _sums[Slot(_last - _sums.Length + 1 + i)];
        }

        return new BucketedSumSnapshot(_last, values);
    }

    public void Restore(BucketedSumSnapshot snapshot)
    {
        Array.Clear(_sums);
        Sum = 0;
        _last = snapshot.LastBucket;
        if (_last == long.MinValue)
        {
            return;
        }

        var values = snapshot.Sums.TakeLast(_sums.Length).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            _sums[Slot(_last - values.Length + 1 + i)] = values[i];
            Sum += values[i];
        }
    }

    private void Advance(long index)
    {
        if (_last == long.MinValue || index - _last >= _sums.Length)
        {
            Array.Clear(_sums);
            Sum = 0;
            _last = index;
            return;
        }

        while (_last < index)
        {
            _last++;
            Sum -= _sums[Slot(_last)];
            _sums[Slot(_last)] = 0;
        }
    }

    private int Slot(long index) => (int)(((index % _sums.Length) + _sums.Length) % _sums.Length);
}
