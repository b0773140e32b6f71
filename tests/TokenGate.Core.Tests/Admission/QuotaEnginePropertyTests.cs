using CsCheck;
using TokenGate.Core.Admission;
using static TokenGate.Core.Tests.Admission.EngineHarness;

namespace TokenGate.Core.Tests.Admission;

/// <summary>Invariants of the engine against a simple model, on random operation sequences.</summary>
public class QuotaEnginePropertyTests
{
    private enum Op
    {
        Admit,
        Settle,
        SettleAgain,
        Release,
        Snapshot,
    }

    private static readonly Gen<(Op Op, int Size, int Pick)> Ops = Gen.Select(
        Gen.Enum<Op>(), Gen.Int[0, 400], Gen.Int[0, 1_000]);

    [Fact]
    public void Admit_AgainstABudgetModel_AdmitsExactlyWhatFitsAndNeverMore()
    {
        Gen.Select(Gen.Long[0, 5_000], Ops.Array[1, 80]).Sample((budget, ops) =>
        {
            var (engine, _) = Create();
            var limits = Unlimited with { MonthlyTokenBudget = budget };
            var open = new List<Reservation>();
            var done = new List<Reservation>();
            long settled = 0;
            foreach (var (op, size, pick) in ops)
            {
                switch (op)
                {
                    case Op.Admit:
                        var used = settled + open.Sum(r => r.ReservedTokens);
                        var decision = engine.TryAdmit(Request(prompt: size, maxOutput: size / 2), limits);
                        Assert.Equal(used + size + (size / 2) <= budget, decision.IsAdmitted);
                        if (decision.IsAdmitted)
                        {
                            open.Add(decision.Reservation);
                        }

                        break;
                    case Op.Settle when open.Count > 0:
                        var r = open[pick % open.Count];
                        var actual = (int)Math.Min(r.ReservedTokens, size);
                        engine.Settle(r, new TokenUsage(actual, 0));
                        settled += actual;
                        open.Remove(r);
                        done.Add(r);
                        break;
                    case Op.SettleAgain or Op.Snapshot when done.Count > 0:
                        engine.Settle(done[pick % done.Count], new TokenUsage(size, size));
                        break;
                    case Op.Release when open.Count > 0:
                        var released = open[pick % open.Count];
                        engine.Release(released);
                        engine.Release(released);
                        open.Remove(released);
                        done.Add(released);
                        break;
                }

                var remaining = engine.GetStatus("t1", "u1", limits).MonthlyTokensRemaining;
                Assert.Equal(Math.Max(0, budget - settled - open.Sum(o => o.ReservedTokens)), remaining);
            }
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Admit_AtFrozenTime_NeverPassesTheRateOrConcurrencyLimits()
    {
        Gen.Select(Gen.Int[1, 20], Gen.Int[1, 2_000], Gen.Int[1, 6], Gen.Int[0, 300].Array[1, 60]).Sample((rpm, tpm, concurrency, sizes) =>
        {
            var (engine, _) = Create();
            var limits = Unlimited with { RequestsPerMinute = rpm, TokensPerMinute = tpm, MaxConcurrentRequests = concurrency };
            var admitted = new List<Reservation>();
            var open = new List<Reservation>();
            foreach (var size in sizes)
            {
                var decision = engine.TryAdmit(Request(prompt: size, maxOutput: 0), limits);
                if (decision.IsAdmitted)
                {
                    admitted.Add(decision.Reservation);
                    open.Add(decision.Reservation);
                }
                else
                {
                    Assert.True(decision.RetryAfter > TimeSpan.Zero);
                }

                Assert.True(open.Count <= concurrency);
                if (size % 3 == 0 && open.Count > 0)
                {
                    // Settling exactly the reservation gives nothing back to the token rate.
                    engine.Settle(open[^1], new TokenUsage((int)open[^1].ReservedTokens, 0));
                    open.RemoveAt(open.Count - 1);
                }
            }

            Assert.True(admitted.Count <= rpm);
            Assert.True(admitted.Sum(r => r.ReservedTokens) <= tpm);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Admit_FromManyThreadsAtOnce_NeverTogetherPassesAnyLimit()
    {
        // Each sample: 4 threads hammer one user (and one tenant) with admissions and immediate settlements.
        Gen.Select(Gen.Int[1, 60], Gen.Int[1, 4], Gen.Long[0, 20_000], Gen.Long[0, 30_000], Gen.Int[0, 500].Array[200, 200]).Sample((rpm, concurrency, budget, tenantBudget, sizes) =>
        {
            var (engine, _) = Create();
            var limits = Unlimited with
            {
                RequestsPerMinute = rpm,
                MaxConcurrentRequests = concurrency,
                MonthlyTokenBudget = budget,
                TenantMonthlyTokenBudget = tenantBudget,
            };
            var admittedCount = 0;
            long admittedTokens = 0;
            var inFlight = 0;
            var maxInFlight = 0;
            using var barrier = new Barrier(4);
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                barrier.SignalAndWait();
                for (var i = t; i < sizes.Length; i += 4)
                {
                    var decision = engine.TryAdmit(Request(prompt: sizes[i], maxOutput: 0, user: "hot"), limits);
                    if (!decision.IsAdmitted)
                    {
                        continue;
                    }

                    var now = Interlocked.Increment(ref inFlight);
                    InterlockedMax(ref maxInFlight, now);
                    Interlocked.Increment(ref admittedCount);
                    Interlocked.Add(ref admittedTokens, decision.Reservation.ReservedTokens);
                    Thread.Yield();
                    Interlocked.Decrement(ref inFlight);
                    engine.Settle(decision.Reservation, new TokenUsage(sizes[i], 0));
                }
            })).ToList();
            threads.ForEach(th => th.Start());
            threads.ForEach(th => th.Join());

            Assert.True(admittedCount <= rpm, $"{admittedCount} admitted with rpm {rpm}");
            Assert.True(maxInFlight <= concurrency);
            Assert.True(admittedTokens <= Math.Min(budget, tenantBudget));
            var status = engine.GetStatus("t1", "hot", limits);
            Assert.Equal(Math.Min(budget - admittedTokens, tenantBudget - admittedTokens), status.MonthlyTokensRemaining);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Admit_FromManyThreadsOnManyUsersOfOneTenant_NeverPassesTheTenantBudget()
    {
        Gen.Select(Gen.Long[0, 10_000], Gen.Int[1, 400].Array[48, 48]).Sample((tenantBudget, sizes) =>
        {
            var (engine, _) = Create();
            var limits = Unlimited with { TenantMonthlyTokenBudget = tenantBudget };
            long admitted = 0;
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                for (var i = t; i < sizes.Length; i += 4)
                {
                    var decision = engine.TryAdmit(Request(prompt: sizes[i], maxOutput: 0, user: "u" + (i % 6)), limits);
                    if (decision.IsAdmitted)
                    {
                        Interlocked.Add(ref admitted, sizes[i]);
                        if (i % 2 == 0)
                        {
                            engine.Release(decision.Reservation);
                            Interlocked.Add(ref admitted, -sizes[i]);
                        }
                    }
                }
            })).ToList();
            threads.ForEach(th => th.Start());
            threads.ForEach(th => th.Join());

            Assert.True(admitted <= tenantBudget);
            Assert.Equal(tenantBudget - admitted, engine.GetStatus("t1", "u0", limits).MonthlyTokensRemaining);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Settle_AllReservations_LeavesNothingHeld()
    {
        Gen.Int[0, 300].Array[1, 30].Sample(sizes =>
        {
            var (engine, time) = Create();
            var limits = Unlimited with { MaxConcurrentRequests = 100, MonthlyTokenBudget = 1_000_000 };
            var reservations = sizes.Select(s => engine.TryAdmit(Request(prompt: s, maxOutput: s), limits).Reservation).ToList();
            var actual = 0L;
            for (var i = 0; i < reservations.Count; i++)
            {
                if (i % 2 == 0)
                {
                    engine.Release(reservations[i]);
                }
                else
                {
                    engine.Settle(reservations[i], new TokenUsage(sizes[i], 1));
                    actual += sizes[i] + 1;
                }
            }

            Assert.Equal(1_000_000 - actual, engine.GetStatus("t1", "u1", limits).MonthlyTokensRemaining);
            Assert.True(engine.TryAdmit(Request(), limits with { MaxConcurrentRequests = 1 }).IsAdmitted);
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Admit_InTheNextPeriod_StartsAtZero()
    {
        Gen.Select(Gen.Long[1, 10_000], Gen.Long[0, TimeSpan.TicksPerDay * 60], Gen.Int[0, 3]).Sample((spent, offset, zoneIndex) =>
        {
            TimeZoneInfo[] zones = [TimeZoneInfo.Utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
                TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")];
            var (engine, time) = Create();
            var limits = Unlimited with { MonthlyTokenBudget = 10_000, TimeZone = zones[zoneIndex] };
            time.Advance(TimeSpan.FromTicks(offset));
            var first = engine.TryAdmit(Request(prompt: (int)spent, maxOutput: 0), limits);
            engine.Settle(first.Reservation, new TokenUsage((int)spent, 0));

            time.SetUtcNow(first.Status.PeriodResetsAt);
            var next = engine.GetStatus("t1", "u1", limits);

            Assert.NotEqual(first.Status.Period, next.Period);
            Assert.Equal(10_000, next.MonthlyTokensRemaining);
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void ApplySnapshot_WithAcknowledgements_NeverDoubleCounts()
    {
        // The entity applies this instance's settlements in batches (plus usage from other instances);
        // at every point the engine must count each token exactly once.
        Gen.Select(Gen.Int[0, 500].Array[1, 40], Gen.Bool.Array[40, 40], Gen.Int[0, 300].Array[40, 40]).Sample((usages, syncAfter, others) =>
        {
            var (engine, _) = Create();
            var limits = Unlimited with { MonthlyTokenBudget = 10_000_000 };
            long settledHere = 0, acknowledged = 0, otherInstances = 0;
            for (var i = 0; i < usages.Length; i++)
            {
                var r = engine.TryAdmit(Request(prompt: usages[i], maxOutput: 0), limits).Reservation;
                engine.Settle(r, new TokenUsage(usages[i], 0));
                settledHere += usages[i];
                if (syncAfter[i])
                {
                    otherInstances += others[i];
                    var newlyApplied = settledHere - acknowledged;
                    acknowledged = settledHere;
                    engine.ApplySnapshot("t1", "u1", new QuotaSnapshot("2026-11", acknowledged + otherInstances, 0m, null, null, null), newlyApplied, 0m);
                }

                var remaining = engine.GetStatus("t1", "u1", limits).MonthlyTokensRemaining;
                Assert.Equal(10_000_000 - settledHere - otherInstances, remaining);
            }
        }, iter: 200, threads: 1);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
