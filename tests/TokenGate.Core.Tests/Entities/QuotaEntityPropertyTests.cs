using CsCheck;
using TokenGate.Core.Entities;
using static TokenGate.Core.Tests.Entities.QuotaEntityTestData;

namespace TokenGate.Core.Tests.Entities;

public class QuotaEntityPropertyTests
{
    // Batches from up to three sources, sequences 1..n each, with random sizes.
    private static readonly Gen<SettlementBatch[]> GenBatches =
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 30], Gen.Int[0, 10_000].Array[90])
            .Select((sources, perSource, sizes) => Enumerable.Range(0, sources)
                .SelectMany(s => Enumerable.Range(1, perSource).Select(seq => Batch($"src-{s}", seq, tokens: sizes[(s * perSource) + seq - 1])))
                .ToArray());

    // The batches, each delivered one to three times, in any order.
    private static readonly Gen<(SettlementBatch[] Batches, SettlementBatch[] Deliveries)> GenDeliveries =
        GenBatches.SelectMany(batches => Gen.Int[1, 3].Array[batches.Length]
            .SelectMany(copies => Gen.Shuffle(batches.SelectMany((b, i) => Enumerable.Repeat(b, copies[i])).ToArray()))
            .Select(deliveries => (batches, deliveries)));

    [Fact]
    public void SettleBatch_AnyPermutationAndDuplication_GivesTheSameTotals()
    {
        GenDeliveries.Sample((batches, deliveries) =>
        {
            var entity = NewUser();
            foreach (var batch in deliveries)
            {
                entity.SettleAsync(batch).GetAwaiter().GetResult();
            }

            var current = entity.State().Ledger.Current;
            return current.Tokens == batches.Sum(b => b.Tokens)
                && current.Cost == batches.Sum(b => b.Cost)
                && current.Requests == batches.Length;
        }, iter: 100);
    }

    [Fact]
    public void SettleBatch_WithSenderResendingUntilApplied_ConvergesBeyondTheWindow()
    {
        // More batches than the out-of-order window, shuffled: deferred ones are re-sent until applied.
        var gen = Gen.Int[SettlementLimits.OutOfOrderWindow, 3 * SettlementLimits.OutOfOrderWindow]
            .SelectMany(n => Gen.Shuffle(Enumerable.Range(1, n).Select(seq => Batch("a", seq, tokens: seq)).ToArray()));
        gen.Sample(deliveries =>
        {
            var entity = NewUser();
            var outstanding = deliveries.ToList();
            var rounds = 0;
            while (outstanding.Count > 0 && rounds++ < 10)
            {
                outstanding = outstanding.Where(b => entity.SettleAsync(b).GetAwaiter().GetResult() == SettlementOutcome.Deferred).ToList();
            }

            return outstanding.Count == 0 && entity.State().Ledger.Current.Tokens == deliveries.Sum(b => b.Tokens);
        }, iter: 30);
    }

    [Fact]
    public void SettleBatch_Twice_ChangesNothing()
    {
        GenDeliveries.Select(Gen.Int[0, 1000]).Sample((generated, pick) =>
        {
            var entity = NewUser();
            foreach (var batch in generated.Deliveries)
            {
                entity.SettleAsync(batch).GetAwaiter().GetResult();
            }

            var before = entity.StateJson;
            var again = generated.Batches[pick % generated.Batches.Length];
            var outcome = entity.SettleAsync(again).GetAwaiter().GetResult();
            return outcome == SettlementOutcome.Duplicate && before == entity.StateJson;
        }, iter: 100);
    }

    [Fact]
    public void SettleBatch_ForANewPeriod_StartsAtZero()
    {
        Gen.Select(Gen.Int[2020, 2030], Gen.Int[1, 12], Gen.Long[0, 1_000_000], Gen.Long[0, 1_000_000], Gen.Int[1, 24]).Sample((year, month, spentBefore, first, monthsLater) =>
        {
            var old = new DateOnly(year, month, 1);
            var next = old.AddMonths(monthsLater);
            var entity = NewUser();
            entity.SettleAsync(Batch("a", 1, tokens: spentBefore, period: old.ToString("yyyy-MM", null))).GetAwaiter().GetResult();

            entity.SettleAsync(Batch("b", 1, tokens: first, period: next.ToString("yyyy-MM", null))).GetAwaiter().GetResult();

            var ledger = entity.State().Ledger;
            return ledger.Current.Period == next.ToString("yyyy-MM", null)
                && ledger.Current.Tokens == first
                && ledger.Current.Requests == 1
                && ledger.Archived.Single().Tokens == spentBefore;
        }, iter: 100);
    }

    [Fact]
    public void DedupeMemory_StaysBounded()
    {
        // Many sources, sparse sequences, time moving forward: sources and out-of-order sets stay capped.
        var gen = Gen.Select(Gen.Int[0, 400], Gen.Long[1, 500], Gen.Int[0, 3 * 24 * 60]).Array[200, 600];
        gen.Sample(deliveries =>
        {
            var ledger = new SettlementLedger();
            foreach (var (source, sequence, minute) in deliveries)
            {
                ledger.Apply(Batch($"s{source}", sequence, tokens: 1, at: Start.AddMinutes(minute)));
            }

            return ledger.Sources.Count <= SettlementLimits.MaxSources
                && ledger.Sources.Values.All(s => s.AppliedAbove.Count < SettlementLimits.OutOfOrderWindow);
        }, iter: 30);
    }
}
