namespace TokenGate.Integration.Tests.Review;

/// <summary>The real clock shifted to one minute past the next full hour: timers stay real, hour-bucketed counters cannot roll over mid-test.</summary>
internal sealed class HourStartClock(TimeSpan offset) : TimeProvider
{
    public static HourStartClock Create()
    {
        var now = System.GetUtcNow();
        var nextHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1).AddMinutes(1);
        return new HourStartClock(nextHour - now);
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
