using TokenGate.Core.Plans;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Tests.Composition;

public sealed class UpstreamPressureTests
{
    [Fact]
    public void LoadFactor_StartsAtZeroAndRisesWithThrottledUpstreamAnswers()
    {
        var pressure = new UpstreamPressure();
        Assert.Equal(0, pressure.LoadFactor);

        for (var i = 0; i < 100; i++)
        {
            pressure.Record(429);
        }

        Assert.InRange(pressure.LoadFactor, 0.99, 1.0);
    }

    [Fact]
    public void LoadFactor_IgnoresOneErrorAndFallsBackWhenUpstreamRecovers()
    {
        var pressure = new UpstreamPressure();
        pressure.Record(503);
        Assert.InRange(pressure.LoadFactor, 0.0, 0.1);

        for (var i = 0; i < 200; i++)
        {
            pressure.Record(200);
        }

        Assert.InRange(pressure.LoadFactor, 0.0, 0.001);
    }

    [Fact]
    public void UnderPressure_LowerPriorityPlansAreThrottledFirst()
    {
        var pressure = new UpstreamPressure();
        for (var i = 0; i < 30; i++)
        {
            pressure.Record(429);
        }

        var free = PolicyResolver.Resolve(new PlanDefinition { Name = "free", RequestsPerMinute = 100, Priority = 0 }, null, null, pressure.LoadFactor);
        var enterprise = PolicyResolver.Resolve(new PlanDefinition { Name = "enterprise", RequestsPerMinute = 100, Priority = 2 }, null, null, pressure.LoadFactor);

        Assert.True(free.RequestsPerMinute < enterprise.RequestsPerMinute, $"free {free.RequestsPerMinute} vs enterprise {enterprise.RequestsPerMinute}");
    }
}
