namespace TokenGate.Gateway.Pipeline;

/// <summary>
/// Real-time upstream load as a factor in [0, 1]: the share of recent upstream calls that came back
/// throttled or unavailable (429, 503), smoothed exponentially so one error does not swing plans.
/// The policy resolver scales lower-priority plans' rate limits down first as it rises.
/// </summary>
public sealed class UpstreamPressure
{
    private const double Smoothing = 0.05;
    private long _bits;

    /// <summary>0 = upstream healthy, 1 = every recent call throttled.</summary>
    public double LoadFactor => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _bits));

    /// <summary>Records one upstream answer.</summary>
    public void Record(int upstreamStatus)
    {
        var sample = upstreamStatus is 429 or 503 ? 1.0 : 0.0;
        long seen, next;
        do
        {
            seen = Interlocked.Read(ref _bits);
            var current = BitConverter.Int64BitsToDouble(seen);
            next = BitConverter.DoubleToInt64Bits(current + (Smoothing * (sample - current)));
        }
        while (Interlocked.CompareExchange(ref _bits, next, seen) != seen);
    }
}
