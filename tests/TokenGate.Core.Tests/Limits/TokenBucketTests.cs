using TokenGate.Core.Limits;

namespace TokenGate.Core.Tests.Limits;

public class TokenBucketTests
{
    private const double PerMinute60 = 60.0 / TimeSpan.TicksPerMinute;

    [Fact]
    public void CanTake_UpToCapacity_ThenReportsTheWait()
    {
        var bucket = default(TokenBucket);
        bucket.Refill(1_000, PerMinute60);
        for (var i = 0; i < 60; i++)
        {
            Assert.True(bucket.CanTake(1, 60, PerMinute60, out _));
            bucket.Take(1);
        }

        Assert.False(bucket.CanTake(1, 60, PerMinute60, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        Assert.Equal(0, bucket.Remaining(60));
        Assert.Equal(TimeSpan.FromMinutes(1), bucket.ResetIn(PerMinute60));
    }

    [Fact]
    public void Refill_DrainsAtTheRate_AndAClockGoingBackOnlyPauses()
    {
        var bucket = default(TokenBucket);
        bucket.Refill(TimeSpan.TicksPerHour, PerMinute60);
        bucket.Take(30);

        bucket.Refill(TimeSpan.TicksPerHour + TimeSpan.TicksPerSecond * 10, PerMinute60);
        Assert.Equal(20, bucket.Used, 6);
        bucket.Refill(TimeSpan.TicksPerHour, PerMinute60);
        Assert.Equal(20, bucket.Used, 6);
        Assert.True(bucket.IsEmptyAt(TimeSpan.TicksPerHour + TimeSpan.TicksPerSecond * 30, PerMinute60));
    }

    [Fact]
    public void Adjust_NeverGoesBelowEmpty()
    {
        var bucket = default(TokenBucket);
        bucket.Take(5);

        bucket.Adjust(-50);

        Assert.Equal(0, bucket.Used);
    }
}
