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
    public async Task Pump_WhenStorageIsDown_DeliversTheSameBatchAgainAfterTheRetryDelay()
    {
        var (sink, _) = ChannelUsageEventSinkTests.Create(capacity: 100);
        var time = new FakeTimeProvider();
        var processor = new StorageDownFirst(failures: 2);
        var options = new UsageEventOptions { MaxBatchSize = 10, BatchWindow = TimeSpan.Zero }; // retries only: no gathering window on the fake clock
        using var pump = new UsageEventPump(sink, processor, Options.Create(options), NullLogger<UsageEventPump>.Instance, time);
        await pump.StartAsync(CancellationToken.None);
        sink.TryPublish(ChannelUsageEventSinkTests.Event(1));

        await processor.Attempted(1).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(processor.Attempted(2).IsCompleted); // nothing is re-sent before the clock moves
        await AdvanceUntilAsync(time, processor.Attempted(2));
        await AdvanceUntilAsync(time, processor.Attempted(3));
        await pump.StopAsync(CancellationToken.None);

        Assert.Equal(["r1", "r1", "r1"], processor.Seen);
        Assert.Equal(1, processor.Stored);
    }

    // The pump arms its retry timer after the failed attempt returns: advance until the next attempt shows up.
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Task attempt)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!attempt.IsCompleted)
        {
            Assert.False(deadline.IsCancellationRequested, "the batch was not delivered again");
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(attempt, Task.Delay(10, CancellationToken.None));
        }
    }

    private sealed class StorageDownFirst(int failures) : IUsageEventProcessor
    {
        private readonly TaskCompletionSource[] _attempts = [.. Enumerable.Range(0, 8).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        private int _calls;

        public List<string> Seen { get; } = [];

        public int Stored { get; private set; }

        public Task Attempted(int n) => _attempts[n - 1].Task;

        public Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken)
        {
            Seen.AddRange(batch.Select(e => e.RequestId));
            var call = ++_calls;
            try
            {
                if (call <= failures)
                {
                    throw new Azure.RequestFailedException(503, "storage down");
                }

                Stored++;
                return Task.CompletedTask;
            }
            finally
            {
                _attempts[call - 1].TrySetResult();
            }
        }
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
