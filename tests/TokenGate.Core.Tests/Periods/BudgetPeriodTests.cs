using CsCheck;
using TokenGate.Core.Periods;

namespace TokenGate.Core.Tests.Periods;

public class BudgetPeriodTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    // DST starts at local midnight on April 1st, so April's first local midnight does not exist.
    private static readonly TimeZoneInfo MidnightGap = TimeZoneInfo.CreateCustomTimeZone(
        "Test/MidnightGap", TimeSpan.FromHours(-3), "Midnight gap", "Standard", "Daylight",
        [TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 4, 1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 1, 0, 0), 10, 1))]);

    [Fact]
    public void For_InUtc_ReturnsCalendarMonth()
    {
        var period = BudgetPeriod.For(new DateTimeOffset(2026, 11, 28, 1, 2, 3, TimeSpan.Zero));

        Assert.Equal("2026-11", period.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), period.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), period.End);
    }

    [Fact]
    public void For_AtYearBoundary_RollsIntoJanuaryOfNextYear()
    {
        var lastTick = new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999);

        var december = BudgetPeriod.For(lastTick);
        var january = BudgetPeriod.For(lastTick.AddTicks(1));

        Assert.Equal("2026-12", december.Id);
        Assert.Equal("2027-01", january.Id);
        Assert.Equal(december.End, january.Start);
        Assert.Equal(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero), january.End);
    }

    [Fact]
    public void For_InZoneAheadOfUtc_StartsTheMonthAtLocalMidnight()
    {
        // 23:30 UTC on 30 November is already 00:30 on 1 December in Berlin.
        var period = BudgetPeriod.For(new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero), Berlin);

        Assert.Equal("2026-12", period.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), period.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero), period.End);
    }

    [Fact]
    public void For_MonthContainingSpringForward_IsOneHourShorter()
    {
        var march = BudgetPeriod.For(new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero), Berlin);

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)), march.Start);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(2)), march.End);
        Assert.Equal(TimeSpan.FromDays(31) - TimeSpan.FromHours(1), march.End - march.Start);
    }

    [Fact]
    public void For_MonthContainingFallBack_IsOneHourLonger()
    {
        var november = BudgetPeriod.For(new DateTimeOffset(2026, 11, 15, 12, 0, 0, TimeSpan.Zero), NewYork);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(-4)), november.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(-5)), november.End);
        Assert.Equal(TimeSpan.FromDays(30) + TimeSpan.FromHours(1), november.End - november.Start);
    }

    [Fact]
    public void For_WhenLocalMidnightIsSkippedByDst_StartsAtTheTransition()
    {
        var april = BudgetPeriod.For(new DateTimeOffset(2026, 4, 10, 0, 0, 0, TimeSpan.Zero), MidnightGap);
        var march = BudgetPeriod.For(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), MidnightGap);

        Assert.Equal("2026-04", april.Id);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 3, 0, 0, TimeSpan.Zero), april.Start);
        Assert.Equal(march.End, april.Start);
    }

    [Fact]
    public void TryParseIndex_RoundTripsWithFromIndex()
    {
        Assert.True(BudgetPeriod.TryParseIndex("2026-11", out var index));
        Assert.Equal("2026-11", BudgetPeriod.FromIndex(index).Id);
        Assert.Equal(index, BudgetPeriod.FromIndex(index).Index);
        Assert.False(BudgetPeriod.TryParseIndex("2026-13", out _));
        Assert.False(BudgetPeriod.TryParseIndex("26-11", out _));
        Assert.False(BudgetPeriod.TryParseIndex(null, out _));
    }

    [Fact]
    public void For_AnyInstantAndZone_ContainsTheInstantAndAbutsTheNextPeriod()
    {
        TimeZoneInfo[] zones = [TimeZoneInfo.Utc, Berlin, NewYork, MidnightGap,
            TimeZoneInfo.FindSystemTimeZoneById("Australia/Lord_Howe"), TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")];
        var instants = Gen.Long[new DateTime(2000, 1, 1).Ticks, new DateTime(2090, 1, 1).Ticks]
            .Select(t => new DateTimeOffset(t, TimeSpan.Zero));

        Gen.Select(instants, Gen.Int[0, zones.Length - 1]).Sample((at, z) =>
        {
            var period = BudgetPeriod.For(at, zones[z]);
            var next = BudgetPeriod.For(period.End, zones[z]);
            Assert.True(period.Contains(at));
            Assert.Equal(period.Index + 1, next.Index);
            Assert.Equal(period.End, next.Start);
            Assert.Equal(period.Id, BudgetPeriod.For(period.End.AddTicks(-1), zones[z]).Id);
        }, iter: 500, threads: 1);
    }
}
