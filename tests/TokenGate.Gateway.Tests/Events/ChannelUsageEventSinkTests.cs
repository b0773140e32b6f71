using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TokenGate.Core.Events;
using TokenGate.Gateway.Events;
using TokenGate.Gateway.Telemetry;

namespace TokenGate.Gateway.Tests.Events;

public class ChannelUsageEventSinkTests
{
    internal static UsageEvent Event(int i) => new() { Kind = UsageEventKind.Completed, Time = DateTimeOffset.UnixEpoch, RequestId = "r" + i };

    internal static (ChannelUsageEventSink Sink, IMeterFactory Meters) Create(int capacity)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var sink = new ChannelUsageEventSink(Options.Create(new UsageEventOptions { Capacity = capacity }), new GatewayMetrics(meters), NullLogger<ChannelUsageEventSink>.Instance);
        return (sink, meters);
    }

    [Fact]
    public void TryPublish_WhenFull_DropsNewEventCountsItAndNeverBlocks()
    {
        var (sink, meters) = Create(capacity: 2);
        using var dropped = new MetricCollector<long>(meters, GatewayMetrics.MeterName, "tokengate.events.dropped");

        Assert.True(sink.TryPublish(Event(1)));
        Assert.True(sink.TryPublish(Event(2)));
        Assert.False(sink.TryPublish(Event(3)));

        Assert.Equal(1, dropped.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.True(sink.Reader.TryRead(out var first));
        Assert.Equal("r1", first.RequestId);
    }
}
