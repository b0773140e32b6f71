using TokenGate.Core.Admission;
using static TokenGate.Core.Tests.Admission.EngineHarness;

namespace TokenGate.Core.Tests.Admission;

public class QuotaEngineEvictionRaceTests
{
    /// <summary>A clock that moves one minute forward on every read, so every state is always idle.</summary>
    private sealed class RacingClock : TimeProvider
    {
        private long _ticks = Start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _ticks, TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    [Fact]
    public void Admit_WhileEvictionRuns_NeverLosesAReservation()
    {
        var engine = new QuotaEngine(new RacingClock(), new QuotaEngineOptions
        {
            BurstWindow = TimeSpan.FromSeconds(1),
            IdleTimeout = TimeSpan.FromSeconds(1),
            EvictionInterval = TimeSpan.Zero,
        });
        // Concurrency, unlike a budget, does not depend on the period this fast clock runs through.
        var limits = Unlimited with { MaxConcurrentRequests = 3 };
        var lost = 0;
        using var done = new CancellationTokenSource();
        var evictor = new Thread(() =>
        {
            while (!done.IsCancellationRequested)
            {
                engine.EvictIdle();
            }
        });
        evictor.Start();

        // Each round the user's state is evictable until its first reservation lands: the race window.
        var admitters = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            var held = new List<Reservation>(3);
            for (var round = 0; round < 5_000; round++)
            {
                for (var i = 0; i < 3; i++)
                {
                    held.Add(engine.TryAdmit(Request(user: "u" + t), limits).Reservation);
                }

                if (engine.TryAdmit(Request(user: "u" + t), limits).Reason != RejectionReason.Concurrency)
                {
                    Interlocked.Increment(ref lost);
                }

                held.ForEach(engine.Release);
                held.Clear();
            }
        })).ToList();
        admitters.ForEach(a => a.Start());
        admitters.ForEach(a => a.Join());
        done.Cancel();
        evictor.Join();

        Assert.Equal(0, lost);
    }
}
