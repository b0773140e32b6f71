namespace TokenGate.Core.Detection;

/// <summary>
/// Totals per fixed event-time bucket (a minute, ten minutes) and the last <c>history</c> active
/// buckets, with their median and MAD: a user's own baseline, robust to their occasional bursts.
/// </summary>
internal sealed class BucketBaseline(TimeSpan bucket, int history)
{
    private readonly double[] _closed = new double[history];
    private long _currentBucket = long.MinValue;
    private double _currentTotal;
    private int _count;
    private int _next;
    private double _median = double.NaN;
    private double _mad = double.NaN;
    private double _p90 = double.NaN;

    public int ActiveBuckets => _count;

    public void Add(DateTimeOffset time, double value)
    {
        var index = time.UtcTicks / bucket.Ticks;
        if (index > _currentBucket)
        {
            if (_currentBucket != long.MinValue && _currentTotal > 0)
            {
                _closed[_next] = _currentTotal;
                _next = (_next + 1) % _closed.Length;
                _count = Math.Min(_count + 1, _closed.Length);
                _median = double.NaN;
            }

            _currentBucket = index;
            _currentTotal = 0;
        }

        // Late events of an already closed bucket count towards the current one: a small, safe skew.
        _currentTotal += value;
    }

    public double Median
    {
        get
        {
            Compute();
            return _median;
        }
    }

    /// <summary>The 90th percentile of the closed buckets: the user's own busy-but-usual level.</summary>
    public double P90
    {
        get
        {
            Compute();
            return _p90;
        }
    }

    public double Mad
    {
        get
        {
            Compute();
            return _mad;
        }
    }

    internal BaselineSnapshot Snapshot() => new(_closed[.._count].ToArray(), _next)
    {
        CurrentBucket = _currentBucket,
        CurrentTotal = _currentTotal,
    };

    internal void Restore(BaselineSnapshot snapshot)
    {
        Array.Clear(_closed);
        var values = snapshot.Values.Take(_closed.Length).ToArray();
        values.CopyTo(_closed, 0);
        _count = values.Length;
        // A full ring keeps its write position, so the same bucket is evicted next as without the restart.
        _next = _count == _closed.Length ? Math.Clamp(snapshot.Next, 0, _closed.Length - 1) : _count % _closed.Length;
        _currentBucket = snapshot.CurrentBucket;
        _currentTotal = snapshot.CurrentTotal;
        _median = double.NaN;
    }

    private void Compute()
    {
        if (!double.IsNaN(_median) || _count == 0)
        {
            return;
        }

        var values = _closed[.._count];
        Array.Sort(values);
        _median = MedianOf(values);
        _p90 = values[Math.Min(values.Length - 1, (int)Math.Ceiling(0.9 * values.Length) - 1)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - _median);
        }

        Array.Sort(values);
        _mad = MedianOf(values);
    }

    private static double MedianOf(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
