using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TokenGate.Core.Events;
using TokenGate.Gateway.Abuse;
using static TokenGate.Gateway.Tests.Abuse.UsageEvents;

namespace TokenGate.Gateway.Tests.Abuse;

public sealed class UsageEventProcessorStateSavePropertyTests
{
    // (seconds between a user's events, batch sizes, save interval in seconds)
    private static readonly Gen<(int[] Gaps, int[] Batches, int Interval)> GenTraffic =
        Gen.Select(Gen.Int[0, 30].Array[1, 150], Gen.Int[1, 12].Array[1, 150], Gen.Int[1, 120]);

    [Fact]
    public async Task Process_AnyTrafficAndBatching_WritesAtMostOncePerIntervalAndNeverLagsByAFullInterval()
    {
        await GenTraffic.SampleAsync(async traffic =>
        {
            var (gaps, batchSizes, seconds) = traffic;
            var interval = TimeSpan.FromSeconds(seconds);
            var memory = new InMemoryBehaviourStateStore();
            var store = new CountingBehaviourStateStore(memory);
            var processor = new UsageEventProcessor(
                new InMemoryUserBlocker(), new InMemoryIncidentSink(), store,
                Options.Create(new AbuseDetectionOptions { StateSaveInterval = interval }), NullLogger<UsageEventProcessor>.Instance);
            var at = TimeSpan.Zero;
            var events = new List<UsageEvent>();
            foreach (var gap in gaps)
            {
                at += TimeSpan.FromSeconds(gap);
                events.Add(Completed("alice", at, 100) with { RequestId = "r" + events.Count });
            }

            var next = 0;
            for (var b = 0; next < events.Count; b++)
            {
                var size = Math.Min(batchSizes[b % batchSizes.Length], events.Count - next);
                await processor.ProcessAsync(events.GetRange(next, size), default);
                next += size;
            }

            var span = events[^1].Time - events[0].Time;
            var saved = await memory.GetAsync("t1", "alice", default);
            Assert.True(store.Writes <= (int)(span / interval), $"{store.Writes} writes over {span} at {interval}");
            Assert.True(events[^1].Time - (saved?.LastSeen ?? events[0].Time) < interval);
        });
    }
}
