using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TokenGate.Core.Admission;
using TokenGate.Gateway.Quota;
using static TokenGate.Gateway.Tests.Quota.QuotaSyncTestHost;

namespace TokenGate.Gateway.Tests.Quota;

public class QuotaSyncServiceTests
{
    /// <summary>Wraps the engine double so the test can await refresh rounds instead of sleeping.</summary>
    private sealed class RoundSignal(EngineViewDouble inner) : IQuotaSnapshotTarget
    {
        public SemaphoreSlim Rounds { get; } = new(0);

        public void ApplySnapshot(string tenantId, string userId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost) =>
            inner.ApplySnapshot(tenantId, userId, snapshot, acknowledgedTokens, acknowledgedCost);

        public void ApplyTenantSnapshot(string tenantId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost) =>
            inner.ApplyTenantSnapshot(tenantId, snapshot, acknowledgedTokens, acknowledgedCost);

        public void MarkSynchronized(DateTimeOffset at)
        {
            inner.MarkSynchronized(at);
            Rounds.Release();
        }
    }

    [Fact]
    public async Task Service_OnItsTimers_FlushesAndRefreshesUntilTheSettlementIsAcknowledged()
    {
        var host = new QuotaSyncTestHost();
        var engine = new EngineViewDouble();
        var target = new RoundSignal(engine);
        var options = Options.Create(new QuotaSyncOptions { SourceId = "svc" });
        var sync = new QuotaSynchronizer(host.Client, target, options, host.Time, NullLogger<QuotaSynchronizer>.Instance);
        engine.Observer = sync;
        using var service = new QuotaSyncService(sync, options, host.Time, NullLogger<QuotaSyncService>.Instance);
        await service.StartAsync(CancellationToken.None);
        await service.TimersCreated.WaitAsync(TimeSpan.FromSeconds(30));

        engine.Settle("t", "u", 250, Period, host.Time.GetUtcNow());
        for (var round = 0; round < 20 && engine.Unacknowledged("t", "u") > 0; round++)
        {
            host.Time.Advance(options.Value.RefreshInterval);
            Assert.True(await target.Rounds.WaitAsync(TimeSpan.FromSeconds(30)), "no refresh round ran");
            await host.Entities.PumpAsync();
        }

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(250, host.User("t", "u")!.Ledger.Current.Tokens);
        Assert.Equal(0, engine.Unacknowledged("t", "u"));
        Assert.Equal(250, engine.Used("t", "u", Period));
    }

    [Fact]
    public async Task StopAsync_FlushesWhatWasSettledSinceTheLastTick()
    {
        var host = new QuotaSyncTestHost();
        var engine = new EngineViewDouble();
        var options = Options.Create(new QuotaSyncOptions { SourceId = "svc" });
        var sync = new QuotaSynchronizer(host.Client, engine, options, host.Time, NullLogger<QuotaSynchronizer>.Instance);
        engine.Observer = sync;
        using var service = new QuotaSyncService(sync, options, host.Time, NullLogger<QuotaSyncService>.Instance);
        await service.StartAsync(CancellationToken.None);

        engine.Settle("t", "u", 40, Period, host.Time.GetUtcNow());
        await service.StopAsync(CancellationToken.None);

        await host.Entities.PumpAsync();
        Assert.Equal(40, host.User("t", "u")!.Ledger.Current.Tokens);
    }
}
