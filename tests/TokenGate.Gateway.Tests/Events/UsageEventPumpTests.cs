using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Events;
using TokenGate.Gateway.Events;

namespace TokenGate.Gateway.Tests.Events;

public class UsageEventPumpTests
{
    private sealed class RecordingProcessor(int expected) : IUsageEventProcessor
    {
        public List<IReadOnlyList<UsageEvent>> Batches { get; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken)
        {
            Batches.Add(batch);
            if (Batches.Sum(b => b.Count) >= expected)
            {
                Done.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Pump_DeliversEveryEventInBatchesNoLargerThanConfigured()
    {
        var (sink, _) = ChannelUsageEventSinkTests.Create(capacity: 100);
        for (var i = 0; i < 25; i++)
        {
            sink.TryPublish(ChannelUsageEventSinkTests.Event(i));
        }

        var processor = new RecordingProcessor(25);
        using var pump = new UsageEventPump(sink, processor, Options.Create(new UsageEventOptions { MaxBatchSize = 10 }), NullLogger<UsageEventPump>.Instance);
        await pump.StartAsync(CancellationToken.None);
        await processor.Done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await pump.StopAsync(CancellationToken.None);

        Assert.All(processor.Batches, b => Assert.InRange(b.Count, 1, 10));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => "r" + i), processor.Batches.SelectMany(b => b).Select(e => e.RequestId));
    }

    [Fact]
    public async Task Pump_WhenProcessorThrows_KeepsGoing()
    {
        var (sink, _) = ChannelUsageEventSinkTests.Create(capacity: 100);
        var calls = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ThrowingOnce(() =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                second.TrySetResult();
            }
        });
        using var pump = new UsageEventPump(sink, processor, Options.Create(new UsageEventOptions { MaxBatchSize = 1 }), NullLogger<UsageEventPump>.Instance);
        await pump.StartAsync(CancellationToken.None);
        sink.TryPublish(ChannelUsageEventSinkTests.Event(1));
        sink.TryPublish(ChannelUsageEventSinkTests.Event(2));

        await second.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await pump.StopAsync(CancellationToken.None);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Pump_WithBatchWindow_GathersEventsArrivingWithinTheWindowIntoOneBatch()
    {
        var (sink, _) = ChannelUsageEventSinkTests.Create(capacity: 100);
        var time = new TimerSignallingTime();
        var window = TimeSpan.FromMilliseconds(20);
        var processor = new RecordingProcessor(2);
        sink.TryPublish(ChannelUsageEventSinkTests.Event(1));
        using var pump = new UsageEventPump(
            sink, processor, Options.Create(new UsageEventOptions { MaxBatchSize = 10, BatchWindow = window }), NullLogger<UsageEventPump>.Instance, time);
        await pump.StartAsync(CancellationToken.None);
        sink.TryPublish(ChannelUsageEventSinkTests.Event(2));

        // The pump took the first event and is waiting out the window on its clock: nothing is handed over yet.
        await time.TimerCreated.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(processor.Batches);
        time.Advance(window);
        await processor.Done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await pump.StopAsync(CancellationToken.None);

        var batch = Assert.Single(processor.Batches);
        Assert.Equal(["r1", "r2"], batch.Select(e => e.RequestId));
    }

    /// <summary>Tells when the pump has started waiting out its window (ExecuteAsync runs on the thread pool).</summary>
    private sealed class TimerSignallingTime : FakeTimeProvider
    {
        public TaskCompletionSource TimerCreated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimerCreated.TrySetResult();
            return timer;
        }
    }

    private sealed class ThrowingOnce(Action onCall) : IUsageEventProcessor
    {
        private int _calls;

        public Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken)
        {
            onCall();
            return Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        }
    }
}
