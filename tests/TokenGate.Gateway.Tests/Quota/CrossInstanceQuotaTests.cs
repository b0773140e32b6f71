using CsCheck;
using Xunit.Abstractions;
using TokenGate.Gateway.Quota;
using static TokenGate.Gateway.Tests.Quota.QuotaSyncTestHost;

namespace TokenGate.Gateway.Tests.Quota;

/// <summary>Two or more gateway instances sharing one entity backend that runs the real entities.</summary>
public class CrossInstanceQuotaTests(ITestOutputHelper output)
{
    private static readonly string[] Users = ["u1", "u2"];

    // (kind, instance, user, tokens): settle, flush, refresh, pump, duplicate, shuffle, fail/heal signals, reads or acks, advance time.
    private static readonly Gen<(int Kind, int Instance, int User, int Tokens)[]> GenSchedule =
        Gen.Select(Gen.Int[0, 13], Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int[1, 1000]).Array[1, 80];

    [Fact]
    public async Task TwoInstances_UnderDuplicationReorderingAndOutages_EntityTotalsEqualEverySettlementOnce()
    {
        await GenSchedule.SampleAsync(async schedule =>
        {
            var host = new QuotaSyncTestHost();
            var instances = new[] { host.NewInstance("instance-a"), host.NewInstance("instance-b") };
            var settled = new Dictionary<string, long> { ["u1"] = 0, ["u2"] = 0 };
            foreach (var user in Users)
            {
                Array.ForEach(instances, x => x.Sync.Watch("t", user));
            }

            foreach (var (kind, i, u, tokens) in schedule)
            {
                var (sync, engine) = instances[i];
                switch (kind)
                {
                    case <= 3:
                        engine.Settle("t", Users[u], tokens, Period, host.Time.GetUtcNow());
                        settled[Users[u]] += tokens;
                        break;
                    case 4: await sync.FlushAsync(); break;
                    case 5: await sync.RefreshAsync(); break;
                    case 6: await host.Entities.PumpAsync(); break;
                    case 7: host.Entities.DuplicatePending(); break;
                    case 8: host.Entities.ShufflePending(new Random(tokens)); break;
                    case 9: host.Entities.FailSignals = !host.Entities.FailSignals; break;
                    case 10: host.Entities.FailReads = !host.Entities.FailReads; break;
                    case 11: host.Entities.FailSignalsAfterAccepting = !host.Entities.FailSignalsAfterAccepting; break;
                    default: host.Time.Advance(TimeSpan.FromSeconds(tokens % 20)); break;
                }
            }

            host.Entities.FailSignals = false;
            host.Entities.FailReads = false;
            host.Entities.FailSignalsAfterAccepting = false;
            await DrainAsync(host, instances);

            foreach (var user in Users.Where(u => settled[u] > 0))
            {
                Assert.Equal(settled[user], host.User("t", user)!.Ledger.Current.Tokens);
                foreach (var (_, engine) in instances)
                {
                    Assert.Equal(0, engine.Unacknowledged("t", user));
                    Assert.Equal(settled[user], engine.Used("t", user, Period));
                }
            }

            Assert.Equal(settled.Values.Sum(), host.Tenant("t")?.Ledger.Current.Tokens ?? 0);
            Assert.All(instances, x => Assert.False(x.Engine.OverAcknowledged));
        }, iter: 150);
    }

    [Fact]
    public async Task OneInstance_NeverAdmitsPastTheLimit()
    {
        var outcome = await RunRaceAsync(instances: 1, tokensPerCall: 130, limit: 10_000);

        Assert.True(outcome.TotalAdmitted <= 10_000);
        Assert.True(outcome.TotalAdmitted > 10_000 - 130);
    }

    [Fact]
    public async Task TwoInstances_OvershootStaysWithinWhatTheOtherAdmitsInOneFlushPlusRefreshWindow()
    {
        var outcome = await RunRaceAsync(instances: 2, tokensPerCall: 100, limit: 10_000);

        output.WriteLine($"admitted {outcome.TotalAdmitted} of 10000, bound {outcome.Bound}");
        Assert.InRange(outcome.TotalAdmitted, 10_001, outcome.Bound);
    }

    [Fact]
    public void KInstances_OvershootIsBoundedByTheOthersAdmissionsWithinTheSyncWindow()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 500], Gen.Int[5, 300]).Sample((k, tokensPerCall, callsInBudget) =>
        {
            var limit = (long)tokensPerCall * callsInBudget;
            var outcome = RunRaceAsync(k, tokensPerCall, limit).GetAwaiter().GetResult();
            return outcome.TotalAdmitted <= outcome.Bound && (k > 1 || outcome.TotalAdmitted <= limit);
        }, iter: 40);
    }

    private static async Task DrainAsync(QuotaSyncTestHost host, (QuotaSynchronizer Sync, EngineViewDouble Engine)[] instances)
    {
        for (var round = 0; round < 10; round++)
        {
            host.Time.Advance(host.Options.ResendInterval);
            foreach (var (sync, _) in instances)
            {
                await sync.FlushAsync();
            }

            await host.Entities.PumpAsync();
            foreach (var (sync, _) in instances)
            {
                await sync.RefreshAsync();
            }

            if (instances.All(x => x.Sync.PendingBatchCount() == 0))
            {
                return;
            }
        }

        Assert.Fail("Batches still pending after the backend recovered.");
    }

    /// <summary>
    /// Every instance tries one call per 100 ms step for one user; flush (then immediate entity apply)
    /// every FlushInterval, refresh every RefreshInterval. Bound: limit + (k − 1) × calls each other
    /// instance can make within FlushInterval + RefreshInterval.
    /// </summary>
    private static async Task<(long TotalAdmitted, long Bound)> RunRaceAsync(int instances, int tokensPerCall, long limit)
    {
        var host = new QuotaSyncTestHost();
        var step = TimeSpan.FromMilliseconds(100);
        var flushEvery = (int)(host.Options.FlushInterval / step);
        var refreshEvery = (int)(host.Options.RefreshInterval / step);
        var fleet = Enumerable.Range(0, instances).Select(i => host.NewInstance($"instance-{i}")).ToArray();
        long total = 0;
        var quietSteps = 0;
        for (var tick = 1; quietSteps < 2 * (flushEvery + refreshEvery); tick++)
        {
            var admittedThisStep = false;
            foreach (var (_, engine) in fleet)
            {
                if (engine.TryAdmit("t", "u", tokensPerCall, limit, Period, host.Time.GetUtcNow()))
                {
                    total += tokensPerCall;
                    admittedThisStep = true;
                }
            }

            quietSteps = admittedThisStep ? 0 : quietSteps + 1;
            host.Time.Advance(step);
            if (tick % flushEvery == 0)
            {
                foreach (var (sync, _) in fleet)
                {
                    await sync.FlushAsync();
                }

                await host.Entities.PumpAsync();
            }

            if (tick % refreshEvery == 0)
            {
                foreach (var (sync, _) in fleet)
                {
                    await sync.RefreshAsync();
                }
            }
        }

        var callsPerWindow = flushEvery + refreshEvery;
        return (total, limit + ((long)(instances - 1) * callsPerWindow * tokensPerCall));
    }
}
