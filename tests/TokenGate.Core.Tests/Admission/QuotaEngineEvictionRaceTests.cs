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
        var limits = Unlimited with { MonthlyTokenBudget = 1_000 };
        const int Users = 3_000;
        var held = new long[Users];
        using var done = new CancellationTokenSource();
        var evictor = new Thread(() =>
        {
            while (!done.IsCancellationRequested)
            {
                engine.EvictIdle();
            }
        });
        evictor.Start();

        var admitters = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            for (var u = t; u < Users; u += 2)
            {
                for (var i = 0; i < 3; i++)
                {
                    var decision = engine.TryAdmit(Request(prompt: 300, maxOutput: 0, user: "u" + u), limits);
                    if (decision.IsAdmitted)
                    {
                        held[u] += decision.Reservation.ReservedTokens;
                    }
                }
            }
        })).ToList();
        admitters.ForEach(a => a.Start());
        admitters.ForEach(a => a.Join());
        done.Cancel();
        evictor.Join();

        for (var u = 0; u < Users; u++)
        {
            Assert.Equal(900, held[u]);
            Assert.True(engine.IsTracked("t1", "u" + u));
            Assert.Equal(100, engine.GetStatus("t1", "u" + u, limits).MonthlyTokensRemaining);
        }
    }
}
