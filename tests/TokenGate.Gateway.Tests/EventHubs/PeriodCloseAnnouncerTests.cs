using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Events;
using TokenGate.Gateway.EventHubs;

namespace TokenGate.Gateway.Tests.EventHubs;

public sealed class PeriodCloseAnnouncerTests
{
    [Theory]
    [InlineData("2026-12-01T00:00:00Z", "2026-11")]
    [InlineData("2027-01-01T00:00:05Z", "2026-12")]
    [InlineData("2026-03-31T23:59:59Z", "2026-02")]
    public void PreviousPeriod_IsTheUtcMonthBefore(string now, string expected) =>
        Assert.Equal(expected, PeriodCloseAnnouncer.PreviousPeriod(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Announce_WritesOneMarkerIntoEveryPartition()
    {
        var transport = new RecordingTransport("0", "1", "2", "3");
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var partitions = await new PeriodCloseAnnouncer(new ListSink(), time, transport).AnnounceAsync(period: null, CancellationToken.None);

        Assert.Equal(["0", "1", "2", "3"], partitions);
        Assert.Equal(["0", "1", "2", "3"], transport.Sent.Select(s => s.PartitionId));
        Assert.All(transport.Sent, s =>
        {
            Assert.Null(s.PartitionKey);
            Assert.True(UsageEventJson.TryDeserialize(s.Data.EventBody.ToMemory().Span, out var marker, out _));
            Assert.Equal(UsageEventKind.PeriodClosed, marker!.Kind);
            Assert.Equal("2026-12", marker.ClosedPeriod);
        });
    }

    [Fact]
    public async Task Announce_Twice_ProducesTheSameMarkerIds()
    {
        var transport = new RecordingTransport("0");
        var announcer = new PeriodCloseAnnouncer(new ListSink(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), transport);

        await announcer.AnnounceAsync(null, CancellationToken.None);
        await announcer.AnnounceAsync(null, CancellationToken.None);

        var ids = transport.Sent.Select(s => UsageEventJson.TryDeserialize(s.Data.EventBody.ToMemory().Span, out var e, out _) ? e!.RequestId : null).Distinct();
        Assert.Single(ids);
    }

    [Fact]
    public async Task Announce_WithoutEventHubs_PublishesOneMarkerInProcess()
    {
        var sink = new ListSink();
        var announcer = new PeriodCloseAnnouncer(sink, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));

        var written = await announcer.AnnounceAsync("2026-11", CancellationToken.None);

        Assert.Equal(["local"], written);
        var marker = Assert.Single(sink.Events);
        Assert.Equal(UsageEventKind.PeriodClosed, marker.Kind);
        Assert.Equal("2026-11", marker.ClosedPeriod);
    }

    private sealed class ListSink : IUsageEventSink
    {
        public List<UsageEvent> Events { get; } = [];

        public bool TryPublish(UsageEvent usageEvent)
        {
            Events.Add(usageEvent);
            return true;
        }
    }
}
