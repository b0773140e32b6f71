using TokenGate.Core.Screening.Training;

namespace TokenGate.Core.Tests.Screening;

public class BinaryMetricsTests
{
    [Fact]
    public void Compute_CountsAtTheThreshold()
    {
        var m = BinaryMetrics.Compute([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1], 0.5);

        Assert.Equal(new BinaryMetrics(1, 1, 1, 1), m);
        Assert.Equal(0.5, m.Precision);
        Assert.Equal(0.5, m.FalsePositiveRate);
    }

    [Fact]
    public void IsNotWorseThan_RejectsHigherFalsePositiveRate()
    {
        var old = new BinaryMetrics(90, 1, 99, 10);
        var worse = new BinaryMetrics(95, 5, 95, 5);

        Assert.False(worse.IsNotWorseThan(old));
        Assert.True(old.IsNotWorseThan(old));
    }
}
