using TokenGate.Core.Protocol;

namespace TokenGate.Core.Tests.Protocol;

public class HeaderFormatTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(-5, "0s")]
    [InlineData(20, "20ms")]
    [InlineData(999, "999ms")]
    [InlineData(1_000, "1s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(1_234, "1.234s")]
    [InlineData(360_000, "6m0s")]
    [InlineData(3_723_000, "1h2m3s")]
    [InlineData(3_600_000, "1h0m0s")]
    public void Duration_WritesOpenAIStyle(long milliseconds, string expected)
        => Assert.Equal(expected, HeaderFormat.Duration(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Duration_RoundsUpToTheMillisecond()
        => Assert.Equal("1ms", HeaderFormat.Duration(TimeSpan.FromTicks(1)));

    [Fact]
    public void Seconds_RoundsUp()
    {
        Assert.Equal("1", HeaderFormat.Seconds(TimeSpan.FromMilliseconds(1)));
        Assert.Equal("2", HeaderFormat.Seconds(TimeSpan.FromMilliseconds(1_001)));
        Assert.Equal("0", HeaderFormat.Seconds(TimeSpan.Zero));
        Assert.Equal("1501", HeaderFormat.Milliseconds(TimeSpan.FromTicks(15_000_001)));
    }

    [Fact]
    public void Instant_IsIso8601Utc()
        => Assert.Equal("2026-12-01T00:00:00Z", HeaderFormat.Instant(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.FromHours(1))));

    [Fact]
    public void Money_IsInvariantWithAtMostSixDecimals()
        => Assert.Equal("12.345678", HeaderFormat.Money(12.3456789m));
}
