using TokenGate.Core.Detection;

namespace TokenGate.Core.Tests.Detection;

public class WindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BucketedSum_KeepsTheCurrentBucketAndThePreviousOnes_AndForgetsOlder()
    {
        var sum = new BucketedSum(TimeSpan.FromMinutes(1), 30);
        sum.Add(T0, 100);
        sum.Add(T0.AddMinutes(10), 50);
        Assert.Equal(150, sum.Sum);

        sum.Add(T0.AddMinutes(30), 1);
        Assert.Equal(51, sum.Sum);

        sum.Add(T0.AddMinutes(75), 7);
        Assert.Equal(7, sum.Sum);
    }

    [Fact]
    public void BucketedSum_SnapshotAndRestore_GiveTheSameSumsLater()
    {
        var original = new BucketedSum(TimeSpan.FromSeconds(10), 30);
        for (var i = 0; i < 100; i++)
        {
            original.Add(T0.AddSeconds(i * 7), i);
        }

        var copy = new BucketedSum(TimeSpan.FromSeconds(10), 30);
        copy.Restore(original.Snapshot());
        for (var i = 100; i < 150; i++)
        {
            original.Add(T0.AddSeconds(i * 7), i);
            copy.Add(T0.AddSeconds(i * 7), i);
            Assert.Equal(original.Sum, copy.Sum);
        }
    }

    [Fact]
    public void CadenceWindow_WhenCallsAreEvenlySpaced_HasZeroVariation()
    {
        var window = new CadenceWindow(TimeSpan.FromMinutes(1), 1_000);
        for (var i = 0; i < 20; i++)
        {
            window.Add(T0.AddSeconds(i * 5), 100);
        }

        Assert.Equal(12, window.Count);
        Assert.Equal(55, window.SpanSeconds, 6);
        Assert.Equal(1_100, window.SumAfterOldest);
        Assert.Equal(0, window.GapCoefficientOfVariation, 6);
    }

    [Fact]
    public void CadenceWindow_WhenArrivalsArePoisson_HasVariationNearOne()
    {
        var random = new Random(1);
        var window = new CadenceWindow(TimeSpan.FromHours(10), 100_000);
        var t = T0;
        for (var i = 0; i < 20_000; i++)
        {
            t = t.AddSeconds(-Math.Log(1 - random.NextDouble()) * 2);
            window.Add(t, 1);
        }

        Assert.InRange(window.GapCoefficientOfVariation, 0.95, 1.05);
    }

    [Fact]
    public void BucketBaseline_P90_IsTheNinetiethPercentileOfClosedBuckets()
    {
        var baseline = new BucketBaseline(TimeSpan.FromMinutes(1), 240);
        for (var m = 0; m <= 100; m++)
        {
            baseline.Add(T0.AddMinutes(m), m + 1);
        }

        Assert.Equal(100, baseline.ActiveBuckets);
        Assert.Equal(90, baseline.P90);
        Assert.Equal(50.5, baseline.Median);
    }
}
