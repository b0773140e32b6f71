using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Events;
using TokenGate.Gateway.EventHubs;

namespace TokenGate.Gateway.Tests.EventHubs;

public sealed class EventHubUsageEventSinkTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecordingTransport _transport = new("0", "1");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public void TryPublish_WhenBufferIsFull_DropsWithoutBlockingAndCountsTheDrop()
    {
        using var dropped = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), "TokenGate", "tokengate.events.dropped");
        var sink = CreateSink(capacity: 16);

        // Not started: nothing drains the buffer, exactly as when Event Hubs stops answering.
        var accepted = Enumerable.Range(0, 40).Count(i => sink.TryPublish(Event($"r{i}", "alice")));

        Assert.Equal(16, accepted);
        Assert.Equal(16, sink.Pending);
        Assert.Equal(24, dropped.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task Publish_WhenRunning_SendsEveryEventPartitionedByTenantAndUserInOrder()
    {
        var sink = CreateSink(capacity: 64);
        await sink.StartAsync(CancellationToken.None);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(sink.TryPublish(Event($"r{i}", i % 2 == 0 ? "alice" : "bob")));
        }

        await WaitUntilAsync(() => _transport.Sent.Count == 10);
        await sink.StopAsync(CancellationToken.None);

        var alice = _transport.Sent.Where(s => s.PartitionKey == "contoso/alice").Select(s => Decode(s.Data).RequestId).ToList();
        Assert.Equal(["r0", "r2", "r4", "r6", "r8"], alice);
        Assert.All(_transport.Sent, s => Assert.Null(s.PartitionId));
        Assert.True(_transport.Disposed);
    }

    [Fact]
    public async Task Publish_WhenEventHubsStallsThenRecovers_KeepsAcceptingUpToCapacityAndDeliversThem()
    {
        _transport.Hold();
        var sink = CreateSink(capacity: 16);
        await sink.StartAsync(CancellationToken.None);

        // One event is taken by the stalled sender; 16 more fill the buffer; the rest are dropped.
        var accepted = 0;
        for (var i = 0; i < 100; i++)
        {
            accepted += sink.TryPublish(Event($"r{i}", "alice")) ? 1 : 0;
            await Task.Yield();
        }

        Assert.InRange(accepted, 16, 17);
        _transport.Release();
        await WaitUntilAsync(() => _transport.Sent.Count == accepted);
        await sink.StopAsync(CancellationToken.None);
        Assert.Equal(accepted, _transport.Sent.Count);
    }

    [Fact]
    public void PartitionKey_ForUnauthenticatedEvent_IsTheClientIpHash()
    {
        var failed = new UsageEvent
        {
            Kind = UsageEventKind.AuthenticationFailed,
            Time = _time.GetUtcNow(),
            RequestId = "x",
            ClientIpHash = "iphash",
        };

        Assert.Equal("iphash", EventHubUsageEventSink.PartitionKeyOf(failed));
    }

    private EventHubUsageEventSink CreateSink(int capacity) => new(
        _transport,
        Options.Create(new EventHubsOptions { FullyQualifiedNamespace = "ns.servicebus.windows.net", BufferCapacity = capacity }),
        _services.GetRequiredService<IMeterFactory>(),
        _time,
        NullLogger<EventHubUsageEventSink>.Instance);

    private UsageEvent Event(string requestId, string user) => new()
    {
        Kind = UsageEventKind.Completed,
        Time = _time.GetUtcNow(),
        RequestId = requestId,
        TenantId = "contoso",
        UserId = user,
        PromptTokens = 10,
    };

    private static UsageEvent Decode(Azure.Messaging.EventHubs.EventData data)
    {
        Assert.True(UsageEventJson.TryDeserialize(data.EventBody.ToMemory().Span, out var usageEvent, out _));
        return usageEvent!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
