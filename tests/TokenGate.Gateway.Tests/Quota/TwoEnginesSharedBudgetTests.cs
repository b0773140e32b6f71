using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Admission;
using TokenGate.Core.Entities;
using TokenGate.Core.Plans;
using TokenGate.Gateway.Composition;
using TokenGate.Gateway.Quota;
using TokenGate.Testing.Entities;

namespace TokenGate.Gateway.Tests.Quota;

/// <summary>
/// Two real gateway instances (each a real <see cref="QuotaEngine"/> with its real
/// <see cref="QuotaSynchronizer"/>) sharing one entity backend that runs the real UserQuota entity:
/// the documented overshoot bound holds, and one instance alone never passes the budget.
/// </summary>
public sealed class TwoEnginesSharedBudgetTests
{
    private const long Budget = 10_000;
    private const int CallTokens = 100;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryEntityClient _entities = new InMemoryEntityClient()
        .Register<UserQuotaEntity>(UserQuotaEntity.EntityName)
        .Register<TenantQuotaEntity>(TenantQuotaEntity.EntityName);
    private readonly QuotaSyncOptions _sync = new() { FlushInterval = TimeSpan.FromSeconds(1), RefreshInterval = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task TwoInstances_AdmittingTogether_StayWithinTheDocumentedOvershootBound()
    {
        var a = NewInstance("a");
        var b = NewInstance("b");

        var admitted = await RunAsync([a, b], seconds: 30);

        // Bound: what the other instance can admit within one flush + refresh interval.
        var perInstancePerSecond = CallTokens * (long)(TimeSpan.FromSeconds(1) / Tick);
        var bound = Budget + (perInstancePerSecond * (long)(_sync.FlushInterval + _sync.RefreshInterval).TotalSeconds);
        Assert.InRange(admitted, Budget, bound);
    }

    [Fact]
    public async Task OneInstance_NeverAdmitsPastTheBudget()
    {
        var admitted = await RunAsync([NewInstance("solo")], seconds: 30);

        Assert.Equal(Budget, admitted);
    }

    private async Task<long> RunAsync((QuotaEngine Engine, QuotaSynchronizer Sync)[] instances, int seconds)
    {
        var limits = new ResolvedLimits { PlanName = "p", MonthlyTokenBudget = Budget };
        long admitted = 0;
        var sinceFlush = TimeSpan.Zero;
        var sinceRefresh = TimeSpan.Zero;
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromSeconds(seconds); elapsed += Tick)
        {
            foreach (var (engine, _) in instances)
            {
                var decision = engine.TryAdmit(new AdmissionRequest("t", "u", "gpt-4o", "gpt-4o", CallTokens / 2, CallTokens / 2), limits);
                if (decision.IsAdmitted)
                {
                    engine.Settle(decision.Reservation, new TokenUsage(CallTokens / 2, CallTokens / 2));
                    admitted += CallTokens;
                }
            }

            _time.Advance(Tick);
            sinceFlush += Tick;
            sinceRefresh += Tick;
            if (sinceFlush >= _sync.FlushInterval)
            {
                sinceFlush = TimeSpan.Zero;
                foreach (var (_, sync) in instances)
                {
                    await sync.FlushAsync();
                }

                await _entities.PumpAsync();
            }

            if (sinceRefresh >= _sync.RefreshInterval)
            {
                sinceRefresh = TimeSpan.Zero;
                foreach (var (_, sync) in instances)
                {
                    await sync.RefreshAsync();
                }
            }
        }

        return admitted;
    }

    private (QuotaEngine Engine, QuotaSynchronizer Sync) NewInstance(string sourceId)
    {
        QuotaSynchronizer? sync = null;
        var engine = new QuotaEngine(_time, new QuotaEngineOptions(), new LazySettlementObserver(() => sync!));
        var options = new QuotaSyncOptions { SourceId = sourceId, FlushInterval = _sync.FlushInterval, RefreshInterval = _sync.RefreshInterval };
        sync = new QuotaSynchronizer(new InMemoryDurableTaskClient(_entities), engine, Microsoft.Extensions.Options.Options.Create(options), _time, NullLogger<QuotaSynchronizer>.Instance);
        sync.Watch("t", "u");
        return (engine, sync);
    }
}
